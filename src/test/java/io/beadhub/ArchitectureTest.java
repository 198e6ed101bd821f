package io.beadhub;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.beadhub.db.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code (CONVENTIONS.md): features depend on each other in one direction, the HTTP layer
 * on no feature, services on no HTTP, and SQL lives in Stores. These rules keep it so.
 */
class ArchitectureTest {
  static JavaClasses main;

  /** Statements a Jdbi handle or a batch runs: only Stores (and the db package itself) issue them. */
  private static final Set<String> SQL_METHODS = Set.of("createQuery", "createUpdate", "execute", "prepareBatch",
      "createScript", "select", "createCall", "query", "update");

  @BeforeAll
  static void load() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.beadhub");
  }

  @Test
  void featurePackagesFormNoCycle() {
    slices().matching("io.beadhub.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void theHttpLayerDependsOnNoFeature() {
    noClasses().that().resideInAPackage("io.beadhub.http..").should().dependOnClassesThat(
        describe("in a feature package", c -> c.getPackageName().startsWith("io.beadhub.")
            && !c.getPackageName().startsWith("io.beadhub.common") && !c.getPackageName().startsWith("io.beadhub.db")
            && !c.getPackageName().startsWith("io.beadhub.http"))).check(main);
  }

  @Test
  void servicesKnowNothingOfHttp() {
    noClasses().that().haveSimpleNameEndingWith("Service").should().dependOnClassesThat()
        .resideInAnyPackage("io.beadhub.http..", "io.javalin..", "jakarta.servlet..", "org.eclipse.jetty..")
        .check(main);
  }

  @Test
  void onlyStoresRunSql() {
    noClasses().that().haveSimpleNameNotEndingWith("Store").and().resideOutsideOfPackage("io.beadhub.db..")
        .should().callMethodWhere(describe("a statement of Jdbi or of a db.Batch", (JavaCall<?> call) ->
            SQL_METHODS.contains(call.getName())
                && (call.getTargetOwner().isAssignableTo(Handle.class) || call.getTargetOwner().isAssignableTo(Batch.class))))
        .because("SQL lives in …Store classes, in Java text blocks").check(main);
  }

  @Test
  void routesOnlyMapHttpToServices() {
    noClasses().that().haveSimpleNameEndingWith("Routes").should().dependOnClassesThat(
        describe("a Store, the database or a Jdbi handle", c -> c.getSimpleName().endsWith("Store")
            || c.getName().equals("io.beadhub.db.Database") || c.getPackageName().startsWith("org.jdbi")))
        .check(main);
  }

  /** SQL text: a statement keyword at the start of a string or text block line. */
  private static final Pattern SQL = Pattern.compile(
      "(\"|^\\s*)(SELECT\\s|INSERT\\s+INTO|UPDATE\\s+\\w+\\.\\w+\\s+SET|DELETE\\s+FROM|WITH\\s+\\w+\\s+AS\\s*\\()",
      Pattern.MULTILINE);

  @Test
  void sqlTextIsWrittenOnlyInStores() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.getFileName().toString().endsWith("Store.java") && !p.toString().contains("/db/")
              && !p.toString().contains("/config/"))
          .filter(p -> SQL.matcher(read(p)).find()).map(Path::toString).toList();
    }
    assertThat(offenders).as("files with SQL text outside Stores").isEmpty();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void noSourceFileIsLongerThanFourHundredLines() throws IOException {
    List<String> long_;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      long_ = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > 400)
          .map(p -> p + " (" + lines(p) + " lines)").toList();
    }
    assertThat(long_).as("files over 400 lines").isEmpty();
  }

  private static long lines(Path p) {
    try (Stream<String> l = Files.lines(p)) {
      return l.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
