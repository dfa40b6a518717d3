package io.writethrough.examples.jpa;

import io.writethrough.testing.jpa.Pet;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.persistence.autoconfigure.EntityScan;

/**
 * A Spring Boot application with the test fixtures' JPA entities and nothing of its own; in a package of its own, so
 * that the example's component scan does not find it.
 */
@SpringBootApplication
@EntityScan(basePackageClasses = Pet.class)
public class JpaApplication {
}
