package io.beadhub.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
  @Test
  void libpqUrlBecomesJdbcWithCredentials() {
    DatabaseUrl u = DatabaseUrl.parse("postgresql://bob:p%40ss@db.example:6543/beadhub?sslmode=require");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/beadhub?sslmode=require");
    assertThat(u.user()).isEqualTo("bob");
    assertThat(u.password()).isEqualTo("p@ss");
  }

  @Test
  void defaultPortAndJdbcPassThrough() {
    assertThat(DatabaseUrl.parse("postgres://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
  }
}
