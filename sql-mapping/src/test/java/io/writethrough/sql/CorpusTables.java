package io.writethrough.sql;

import io.writethrough.mapping.KeyTemplate;
import io.writethrough.mapping.TableMapping;
import io.writethrough.mapping.TableName;
import io.writethrough.mapping.ValueFormat;

import java.util.List;

/**
 * The mapping every corpus case is analysed against.
 *
 * <pre>
 * users            user:{id}                          all columns   hash
 * orders           order:{id}                         all columns   json
 * order_lines      order:{order_id}:line:{line_no}    qty, price    hash
 * sales.invoices   invoice:{id}                       total, status hash
 * AccMixed         acc:{ID}                           all columns   hash
 * customers        customer:{id}                      all columns   hash
 * crm.customers    cust:{id}                          name          hash
 * unmapped: audit_log, products, invoices in any schema but sales
 * </pre>
 */
final class CorpusTables {

    static final MappedTables TABLES = MappedTables.of(List.of(
            mapping(null, "users", "user:{id}", null, ValueFormat.HASH),
            mapping(null, "orders", "order:{id}", null, ValueFormat.JSON),
            mapping(null, "order_lines", "order:{order_id}:line:{line_no}", List.of("qty", "price"), ValueFormat.HASH),
            mapping("sales", "invoices", "invoice:{id}", List.of("total", "status"), ValueFormat.HASH),
            mapping(null, "AccMixed", "acc:{ID}", null, ValueFormat.HASH),
            mapping(null, "customers", "customer:{id}", null, ValueFormat.HASH),
            mapping("crm", "customers", "cust:{id}", List.of("name"), ValueFormat.HASH)));

    private CorpusTables() {
    }

    static TableMapping mapping(String schema, String name, String key, List<String> columns, ValueFormat format) {
        return new TableMapping(new TableName(schema, name), KeyTemplate.parse(key), columns, format, 0);
    }

    static SqlAnalyzer analyzer() {
        return new SqlAnalyzer(TABLES);
    }
}
