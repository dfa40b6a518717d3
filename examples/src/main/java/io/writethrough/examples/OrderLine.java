package io.writethrough.examples;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An order line of {@link HibernateExample}: a composite key, mapped to the Redis key {@code line:{order_no}:{line_no}}. */
@Entity
@Table(name = "order_lines")
public class OrderLine {

    /** The composite key. */
    @Embeddable
    public record Key(@Column(name = "order_no") long orderNo, @Column(name = "line_no") int lineNo) {
    }

    @EmbeddedId
    private Key key;
    @Column(name = "product_id")
    private long productId;
    private int quantity;

    protected OrderLine() {
    }

    public OrderLine(long orderNo, int lineNo, long productId, int quantity) {
        this.key = new Key(orderNo, lineNo);
        this.productId = productId;
        this.quantity = quantity;
    }
}
