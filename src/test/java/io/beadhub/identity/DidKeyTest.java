package io.beadhub.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Spec 10 §6.1 test vector. */
class DidKeyTest {
  @Test
  void testVectorDidPublicKeyAndStableIdAgree() {
    byte[] raw = DidKey.decodePublicKey("4vGpj96BeZi1Sa4PqNhumFGenIp9b5ypD2Sv01_jUOc").orElseThrow();
    assertThat(DidKey.didOf(raw)).isEqualTo("did:key:z6Mkuj9utBQrGKEgCg3tQrNqAPdKBSuMrST4DPBiQckgH246");
    assertThat(DidKey.stableIdOf("did:key:z6Mkuj9utBQrGKEgCg3tQrNqAPdKBSuMrST4DPBiQckgH246"))
        .hasValue("did:claw:NMgL8kj5QT6rsp9U5rTnLmcuXY1");
    assertThat(DidKey.rawOfDid("did:key:z6Mkuj9utBQrGKEgCg3tQrNqAPdKBSuMrST4DPBiQckgH246")).hasValueSatisfying(
        r -> assertThat(r).isEqualTo(raw));
  }

  @Test
  void standardBase64PublicKeysAreAcceptedAndCanonicalised() {
    byte[] raw = DidKey.decodePublicKey("4vGpj96BeZi1Sa4PqNhumFGenIp9b5ypD2Sv01/jUOc=").orElseThrow();
    assertThat(DidKey.canonicalPublicKey(raw)).isEqualTo("4vGpj96BeZi1Sa4PqNhumFGenIp9b5ypD2Sv01_jUOc");
    assertThat(DidKey.decodePublicKey("c2hvcnQ")).isEmpty();
  }

  @Test
  void generatedCustodialIdentityIsConsistent() {
    DidKey.Generated g = DidKey.generate();
    assertThat(g.did()).startsWith("did:key:z6Mk");
    assertThat(DidKey.stableIdOf(g.did())).hasValue(g.stableId());
  }
}
