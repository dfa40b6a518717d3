package io.writethrough.testing.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/** The root of a JOINED hierarchy: a {@link Dog} is a row of {@code pets} and a row of {@code dogs}. */
@Entity
@Table(name = "pets")
@Inheritance(strategy = InheritanceType.JOINED)
public class Pet {

    @Id
    private Long id;
    private String name;

    protected Pet() {
    }

    public Pet(long id, String name) {
        this.id = id;
        this.name = name;
    }
}
