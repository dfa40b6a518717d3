package io.writethrough.testing.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A {@link Pet} whose own column lives in a second table. */
@Entity
@Table(name = "dogs")
public class Dog extends Pet {

    private String breed;

    protected Dog() {
    }

    public Dog(long id, String name, String breed) {
        super(id, name);
        this.breed = breed;
    }
}
