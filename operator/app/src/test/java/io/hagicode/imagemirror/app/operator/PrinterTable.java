package io.hagicode.imagemirror.app.operator;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl get imagemirrors [-o wide]} prints, computed from the CRD's additionalPrinterColumns the way the
 * API server's table convertor and kubectl do it: the JSONPath per column (the subset the CRD uses: a field path, with
 * an optional {@code [?(@.key=="value")]} filter), dates as kubectl's HumanDuration of the time since, a missing
 * value as {@code <none>}, columns of priority above 0 only with {@code -o wide}, upper-case headers and three
 * spaces between columns.
 */
final class PrinterTable {
    private static final Pattern FILTER = Pattern.compile("(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]");

    private PrinterTable() {
    }

    static String render(CustomResourceDefinition crd, List<JsonNode> objects, boolean wide, Instant now) {
        List<CustomResourceColumnDefinition> columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns()
                .stream().filter(c -> wide || c.getPriority() == null || c.getPriority() == 0).toList();
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("NAME"));
        columns.forEach(c -> header.add(c.getName().toUpperCase(Locale.ROOT)));
        rows.add(header);
        for (JsonNode object : objects) {
            List<String> row = new ArrayList<>(List.of(object.path("metadata").path("name").asText()));
            for (CustomResourceColumnDefinition column : columns) {
                JsonNode value = evaluate(object, column.getJsonPath());
                row.add(value == null || value.isMissingNode() || value.isNull() ? "<none>" : cell(column, value, now));
            }
            rows.add(row);
        }
        return format(rows);
    }

    private static String cell(CustomResourceColumnDefinition column, JsonNode value, Instant now) {
        if ("date".equals(column.getType())) {
            return humanDuration(Duration.between(Instant.parse(value.asText()), now));
        }
        return value.asText();
    }

    static JsonNode evaluate(JsonNode object, String jsonPath) {
        JsonNode node = object;
        for (String part : jsonPath.substring(1).split("\\.(?![^\\[]*\\])")) {
            Matcher filter = FILTER.matcher(part);
            if (filter.matches()) {
                JsonNode match = null;
                for (JsonNode item : node.path(filter.group(1))) {
                    if (filter.group(3).equals(item.path(filter.group(2)).asText())) {
                        match = item;
                        break;
                    }
                }
                if (match == null) {
                    return null;
                }
                node = match;
            } else {
                node = node.path(part);
            }
        }
        return node;
    }

    /** kubectl's duration.HumanDuration (k8s.io/apimachinery/pkg/util/duration). */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        }
        if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        }
        if (hours < 48) {
            return hours + "h";
        }
        if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        }
        if (hours < 24 * 365 * 8) {
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }

    private static String format(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
