package io.hagicode.imagemirror.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.hagicode.imagemirror.api.CelExpression.Call;
import io.hagicode.imagemirror.api.CelExpression.Ident;
import io.hagicode.imagemirror.api.CelExpression.Literal;
import io.hagicode.imagemirror.api.CelExpression.Select;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worst-case cost the API server computes for an {@code x-kubernetes-validations} rule when a CRD is written, for
 * the part of CEL that {@link CelExpression} parses. It refuses whatever it does not model rather than guess low.
 * <p>
 * Sources (Kubernetes docs, "Extend the Kubernetes API with CustomResourceDefinitions" → Validation rules → "Resource
 * use by validation functions" / estimated cost limit, and the code it describes):
 * <ul>
 *   <li>Sizes, k8s.io/apiserver/pkg/cel/common/schemas.go {@code SchemaDeclType}: a string with {@code maxLength} may
 *   hold {@code maxLength * 4} bytes ({@code estimateMaxElementsFromMaxLength}: a character can take four); one without
 *   is sized from the request limit, {@code DefaultMaxRequestSizeBytes - 2} = 3 MiB less the quotes
 *   ({@code estimateMaxStringLengthPerRequest}); an enum by its longest value; a list by its {@code maxItems}.</li>
 *   <li>Costs, github.com/google/cel-go/checker/cost.go: an identifier 1; selecting a field of an object 1; a
 *   comparison of strings {@code ceil(0.1 * shorter max size)} ({@code StringTraversalCostFactor}), of scalars 1;
 *   {@code &&} and {@code ||} only their operands; other calls 1; a comprehension its range, its initial value and
 *   result, plus the range's size times (loop condition + loop step). The macros expand as cel-go's parser/macro.go
 *   does: {@code all} to step {@code __result__ && p} and condition {@code @not_strictly_false(__result__)};
 *   {@code exists} to {@code __result__ || p} and {@code @not_strictly_false(!__result__)}; {@code exists_one} to
 *   {@code p ? __result__ + 1 : __result__}, condition {@code true}, result {@code __result__ == 1}.</li>
 *   <li>Limits, k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go:
 *   {@code StaticEstimatedCostLimit} 10,000,000 for a rule times the number of times it can run (the product of the
 *   {@code maxItems} above it, cel_validation.go {@code MaxCardinality}), {@code StaticEstimatedCRDCostLimit}
 *   100,000,000 for all rules together.</li>
 * </ul>
 */
final class CelCostEstimator {
    static final long MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;
    static final long RULE_COST_LIMIT = 10_000_000;
    static final long CRD_COST_LIMIT = 100_000_000;
    private static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
    private static final Set<String> COMPARISONS = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_");

    private CelCostEstimator() {
    }

    /** The worst-case cost of one evaluation of {@code rule} with {@code self} bound to a value of {@code schema}. */
    static long cost(String rule, JSONSchemaProps schema) {
        Map<String, Value> scope = new HashMap<>();
        scope.put("self", Value.of(schema, "self"));
        return cost(CelExpression.parse(rule), scope).cost();
    }

    /** What the estimator knows of a value: its kind, its schema (null for literals) and its maximum size. */
    record Value(Kind kind, JSONSchemaProps schema, long maxSize) {
        enum Kind { OBJECT, LIST, STRING, SCALAR }

        static Value of(JSONSchemaProps schema, String path) {
            String type = schema.getType() == null ? "" : schema.getType();
            return switch (type) {
                case "object" -> {
                    if (schema.getAdditionalProperties() != null) {
                        throw unsupported("maps (" + path + ")");
                    }
                    yield new Value(Kind.OBJECT, schema, 1);
                }
                case "array" -> {
                    if (schema.getMaxItems() == null) {
                        throw unsupported("a list without maxItems (" + path + "): the API server sizes it from the "
                                + "smallest serialised item, which this estimator does not model");
                    }
                    yield new Value(Kind.LIST, schema, schema.getMaxItems());
                }
                case "string" -> new Value(Kind.STRING, schema, stringSize(schema, path));
                case "integer", "number", "boolean" -> new Value(Kind.SCALAR, schema, 1);
                default -> throw unsupported("type '" + type + "' (" + path + ")");
            };
        }

        private static long stringSize(JSONSchemaProps schema, String path) {
            if (schema.getFormat() != null) {
                throw unsupported("strings of format " + schema.getFormat() + " (" + path + ")");
            }
            if (schema.getMaxLength() != null) {
                return schema.getMaxLength() * 4;
            }
            if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                return schema.getEnum().stream().mapToLong(v -> v.asText().length()).max().orElse(0);
            }
            return MAX_REQUEST_SIZE_BYTES - 2;
        }
    }

    private record Costed(long cost, Value value) {
    }

    private static Costed cost(CelExpression expression, Map<String, Value> scope) {
        if (expression instanceof Literal literal) {
            return new Costed(0, literal.value() instanceof String s
                    ? new Value(Value.Kind.STRING, null, s.codePointCount(0, s.length()))
                    : new Value(Value.Kind.SCALAR, null, 1));
        }
        if (expression instanceof Ident ident) {
            Value value = scope.get(ident.name());
            if (value == null) {
                throw unsupported("the identifier " + ident.name());
            }
            return new Costed(1, value);
        }
        if (expression instanceof Select select) {
            return select(select, scope);
        }
        return call((Call) expression, scope);
    }

    private static Costed select(Select select, Map<String, Value> scope) {
        Costed operand = cost(select.operand(), scope);
        if (operand.value().kind() != Value.Kind.OBJECT) {
            throw unsupported("selecting ." + select.field() + " of a " + operand.value().kind());
        }
        JSONSchemaProps field = operand.value().schema().getProperties() == null ? null
                : operand.value().schema().getProperties().get(select.field());
        if (field == null) {
            throw new IllegalArgumentException("no field " + select.field() + " in the schema");
        }
        return new Costed(operand.cost() + 1, Value.of(field, select.field()));
    }

    private static Costed call(Call call, Map<String, Value> scope) {
        String function = call.function();
        if (call.target() != null && Set.of("all", "exists", "exists_one").contains(function)) {
            return comprehension(call, scope);
        }
        if (!COMPARISONS.contains(function) && !Set.of("_&&_", "_||_", "!_", "size").contains(function)) {
            throw unsupported("the function " + function);
        }
        long targetCost = call.target() == null ? 0 : cost(call.target(), scope).cost();
        List<Costed> args = call.args().stream().map(a -> cost(a, scope)).toList();
        long argCost = targetCost + args.stream().mapToLong(Costed::cost).sum();
        Value bool = new Value(Value.Kind.SCALAR, null, 1);
        if (function.equals("_&&_") || function.equals("_||_")) {
            return new Costed(argCost, bool);
        }
        if (COMPARISONS.contains(function)) {
            Value left = args.get(0).value();
            Value right = args.get(1).value();
            if (left.kind() == Value.Kind.OBJECT || left.kind() == Value.Kind.LIST || left.kind() != right.kind()) {
                throw unsupported(function + " between " + left.kind() + " and " + right.kind());
            }
            long shorter = Math.min(left.maxSize(), right.maxSize());
            return new Costed(argCost + (long) Math.ceil(shorter * STRING_TRAVERSAL_COST_FACTOR), bool);
        }
        return new Costed(argCost + 1, bool); // !_ and size: O(1)
    }

    private static Costed comprehension(Call call, Map<String, Value> scope) {
        Costed range = cost(call.target(), scope);
        if (range.value().kind() != Value.Kind.LIST || call.args().size() != 2
                || !(call.args().get(0) instanceof Ident variable)) {
            throw unsupported(call.function() + " other than list." + call.function() + "(x, predicate)");
        }
        JSONSchemaProps items = range.value().schema().getItems().getSchema();
        Map<String, Value> inner = new HashMap<>(scope);
        inner.put(variable.name(), Value.of(items, variable.name()));
        long predicate = cost(call.args().get(1), inner).cost();
        // Costs of the expanded macro's parts: initial value (a literal: 0), loop condition, loop step, result.
        long condition;
        long step;
        long result;
        switch (call.function()) {
            case "all" -> { // @not_strictly_false(__result__); __result__ && p; __result__
                condition = 2;
                step = 1 + predicate;
                result = 1;
            }
            case "exists" -> { // @not_strictly_false(!__result__); __result__ || p; __result__
                condition = 3;
                step = 1 + predicate;
                result = 1;
            }
            default -> { // true; p ? __result__ + 1 : __result__; __result__ == 1
                condition = 0;
                step = predicate + 2;
                result = 2;
            }
        }
        long loops = saturatedMultiply(range.value().maxSize(), condition + step);
        return new Costed(saturatedAdd(range.cost() + result, loops), new Value(Value.Kind.SCALAR, null, 1));
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the cost estimator does not model " + what
                + "; extend it (following the sources in its javadoc) before relying on such a rule");
    }
}
