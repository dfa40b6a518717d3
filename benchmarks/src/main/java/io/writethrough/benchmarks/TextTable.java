package io.writethrough.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: the first column left-aligned, the others right-aligned, columns as wide as their widest cell. */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    boolean isEmpty() {
        return rows.size() == 1;
    }

    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(i == 0 ? "" : "  ").append(i == 0 ? cell + pad : pad + cell);
            }
            out.append('\n');
            if (r == 0) {
                char[] rule = new char[Arrays.stream(widths).sum() + 2 * (columns - 1)];
                Arrays.fill(rule, '-');
                out.append(rule).append('\n');
            }
        }
        return out.toString();
    }
}
