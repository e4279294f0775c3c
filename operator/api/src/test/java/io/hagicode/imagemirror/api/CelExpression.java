package io.hagicode.imagemirror.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A parser for the part of CEL that CRD rules of this kind use, enough for {@link CelCostEstimator}: identifiers, field
 * selection, {@code ! && || == != < <= > >=}, parentheses, int/string/bool literals, {@code size} and the macros
 * {@code all}, {@code exists}, {@code exists_one}. Anything else is refused by name, so the estimator never prices an
 * expression it did not understand. Operators get cel-go's function names ({@code _==_}, {@code !_}, ...).
 */
sealed interface CelExpression {
    record Ident(String name) implements CelExpression {
    }

    record Select(CelExpression operand, String field) implements CelExpression {
    }

    /** A function or macro call; {@code target} is the receiver of a member call such as {@code list.all(...)}. */
    record Call(CelExpression target, String function, List<CelExpression> args) implements CelExpression {
    }

    record Literal(Object value) implements CelExpression {
    }

    static CelExpression parse(String text) {
        Parser parser = new Parser(text);
        CelExpression expression = parser.or();
        parser.expectEnd();
        return expression;
    }

    /** Recursive descent over CEL's precedence levels: {@code ||}, {@code &&}, relations, unary, member. */
    final class Parser {
        private static final List<String> RELATIONS = List.of("==", "!=", "<=", ">=", "<", ">");
        private static final List<String> SYMBOLS = List.of("==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "(", ")",
                ".", ",");

        private final String text;
        private int at;

        private Parser(String text) {
            this.text = text;
        }

        CelExpression or() {
            CelExpression left = and();
            while (accept("||")) {
                left = new Call(null, "_||_", List.of(left, and()));
            }
            return left;
        }

        private CelExpression and() {
            CelExpression left = relation();
            while (accept("&&")) {
                left = new Call(null, "_&&_", List.of(left, relation()));
            }
            return left;
        }

        private CelExpression relation() {
            CelExpression left = unary();
            for (String op = relationOperator(); op != null; op = relationOperator()) {
                left = new Call(null, "_" + op + "_", List.of(left, unary()));
            }
            return left;
        }

        private String relationOperator() {
            for (String op : RELATIONS) {
                if (accept(op)) {
                    return op;
                }
            }
            return null;
        }

        private CelExpression unary() {
            if (accept("!")) {
                return new Call(null, "!_", List.of(unary()));
            }
            return member();
        }

        private CelExpression member() {
            CelExpression expression = primary();
            while (accept(".")) {
                String name = identifier();
                if (accept("(")) {
                    expression = new Call(expression, name, arguments());
                } else {
                    expression = new Select(expression, name);
                }
            }
            return expression;
        }

        private CelExpression primary() {
            skipSpace();
            if (accept("(")) {
                CelExpression inner = or();
                expect(")");
                return inner;
            }
            if (at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '"')) {
                return new Literal(string());
            }
            if (at < text.length() && Character.isDigit(text.charAt(at))) {
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                return new Literal(Long.parseLong(text.substring(start, at)));
            }
            String name = identifier();
            if (name.equals("true") || name.equals("false")) {
                return new Literal(Boolean.parseBoolean(name));
            }
            if (accept("(")) {
                return new Call(null, name, arguments());
            }
            return new Ident(name);
        }

        private List<CelExpression> arguments() {
            List<CelExpression> args = new ArrayList<>();
            if (accept(")")) {
                return args;
            }
            do {
                args.add(or());
            } while (accept(","));
            expect(")");
            return args;
        }

        private String string() {
            char quote = text.charAt(at++);
            StringBuilder out = new StringBuilder();
            while (at < text.length() && text.charAt(at) != quote) {
                char c = text.charAt(at++);
                if (c == '\\') {
                    if (at >= text.length()) {
                        break;
                    }
                    char escaped = text.charAt(at++);
                    if (escaped != '\\' && escaped != '\'' && escaped != '"') {
                        throw unsupported("the escape \\" + escaped);
                    }
                    c = escaped;
                }
                out.append(c);
            }
            if (at >= text.length()) {
                throw new IllegalArgumentException("unterminated string in: " + text);
            }
            at++;
            return out.toString();
        }

        private String identifier() {
            skipSpace();
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at || Character.isDigit(text.charAt(start))) {
                throw unsupported("'" + (at < text.length() ? text.substring(at) : "(end)") + "'");
            }
            return text.substring(start, at);
        }

        private boolean accept(String symbol) {
            skipSpace();
            if (!text.startsWith(symbol, at)) {
                return false;
            }
            // "<" must not take the first character of "<=", nor "!" that of "!=", nor "|" ... a longer symbol wins.
            for (String longer : SYMBOLS) {
                if (longer.length() > symbol.length() && longer.startsWith(symbol) && text.startsWith(longer, at)) {
                    return false;
                }
            }
            at += symbol.length();
            return true;
        }

        private void expect(String symbol) {
            if (!accept(symbol)) {
                throw new IllegalArgumentException("expected '" + symbol + "' at " + at + " in: " + text);
            }
        }

        void expectEnd() {
            skipSpace();
            if (at != text.length()) {
                throw unsupported("'" + text.substring(at) + "'");
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private UnsupportedOperationException unsupported(String what) {
            return new UnsupportedOperationException("this CEL subset does not parse " + what + " (at " + at
                    + " in: " + text + "); extend CelExpression and CelCostEstimator before using it in a rule");
        }
    }
}
