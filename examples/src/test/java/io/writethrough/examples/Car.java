package io.writethrough.examples;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;

/**
 * A vehicle whose secondary table Hibernate treats as optional, its default: a row of {@code car_notes} exists only
 * while {@code notes} is not null, and Hibernate 7 on PostgreSQL 15 or later writes it with {@code MERGE}.
 */
@Entity
@Table(name = "cars")
@SecondaryTable(name = "car_notes", pkJoinColumns = @PrimaryKeyJoinColumn(name = "car_id"))
@AttributeOverride(name = "notes", column = @Column(table = "car_notes"))
public class Car extends Vehicle {

    protected Car() {
    }

    Car(long id, String model, String notes) {
        super(id, model, notes);
    }
}
