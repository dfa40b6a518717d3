package io.writethrough.examples;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** What {@link Car} and {@link Van} share: each keeps {@code notes} in a secondary table of its own. */
@MappedSuperclass
public abstract class Vehicle {

    @Id
    private Long id;
    private String model;
    @Column
    private String notes;

    protected Vehicle() {
    }

    Vehicle(long id, String model, String notes) {
        this.id = id;
        this.model = model;
        this.notes = notes;
    }

    void setNotes(String notes) {
        this.notes = notes;
    }
}
