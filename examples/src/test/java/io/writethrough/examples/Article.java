package io.writethrough.examples;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An entity cached under a natural key ({@code article:{code}}) rather than its id: every UPDATE Hibernate writes
 * for it assigns {@code code}, a key column, so each is a key-changing UPDATE to the driver.
 */
@Entity
@Table(name = "articles")
public class Article {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE)
    private Long id;
    @Column(nullable = false, unique = true)
    private String code;
    private String title;

    protected Article() {
    }

    Article(String code, String title) {
        this.code = code;
        this.title = title;
    }

    Long getId() {
        return id;
    }

    void setCode(String code) {
        this.code = code;
    }

    void setTitle(String title) {
        this.title = title;
    }
}
