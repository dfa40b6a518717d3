package io.writethrough.examples;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import org.hibernate.annotations.SecondaryRow;

/** A {@link Car} but for its secondary row, declared always present: Hibernate writes it with INSERT, UPDATE, DELETE. */
@Entity
@Table(name = "vans")
@SecondaryTable(name = "van_notes", pkJoinColumns = @PrimaryKeyJoinColumn(name = "van_id"))
@SecondaryRow(table = "van_notes", optional = false)
@AttributeOverride(name = "notes", column = @Column(table = "van_notes"))
public class Van extends Vehicle {

    protected Van() {
    }

    Van(long id, String model, String notes) {
        super(id, model, notes);
    }
}
