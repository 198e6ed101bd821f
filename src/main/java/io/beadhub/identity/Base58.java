package io.beadhub.identity;

import java.math.BigInteger;

/** base58btc with the Bitcoin alphabet. */
public final class Base58 {
  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  private Base58() {
  }

  public static String encode(byte[] data) {
    BigInteger n = new BigInteger(1, data);
    StringBuilder sb = new StringBuilder();
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
      sb.append(ALPHABET.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (byte b : data) {
      if (b != 0) {
        break;
      }
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  /** Decodes; null when a character is outside the alphabet. */
  public static byte[] decode(String s) {
    BigInteger n = BigInteger.ZERO;
    for (int i = 0; i < s.length(); i++) {
      int d = ALPHABET.indexOf(s.charAt(i));
      if (d < 0) {
        return null;
      }
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(d));
    }
    byte[] raw = n.toByteArray();
    int strip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    int zeros = 0;
    while (zeros < s.length() && s.charAt(zeros) == '1') {
      zeros++;
    }
    byte[] out = new byte[zeros + raw.length - strip];
    System.arraycopy(raw, strip, out, zeros, raw.length - strip);
    if (n.signum() == 0) {
      return new byte[zeros];
    }
    return out;
  }
}
