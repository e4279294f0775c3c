package io.hagicode.imagemirror.app.reliability;

import io.hagicode.imagemirror.app.cli.CliRun;
import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Runs the CLI in-process with every log the process can write captured: stdout and stderr ({@link CliRun}; stderr is
 * where slf4j-simple writes, forced to DEBUG here), and java.util.logging at ALL (OkHttp logs there).
 *
 * @param logs the java.util.logging records, formatted with their parameters and exceptions
 */
record CapturedRun(int exitCode, String stdout, String stderr, String logs) {
    private static final int SLF4J_DEBUG = 10;

    /** Everything the run wrote, in one string to search. */
    String everything() {
        return stdout + "\n" + stderr + "\n" + logs;
    }

    static synchronized CapturedRun of(String... args) {
        forceSlf4jDebug();
        JulCapture jul = new JulCapture();
        Logger root = Logger.getLogger("");
        Level rootLevel = root.getLevel();
        root.addHandler(jul);
        root.setLevel(Level.ALL);
        try {
            CliRun run = CliRun.of(args);
            return new CapturedRun(run.exitCode(), run.stdout(), run.stderr(), jul.text());
        } finally {
            root.removeHandler(jul);
            root.setLevel(rootLevel);
        }
    }

    /**
     * slf4j-simple reads its default level once, when its first logger is made, and every logger keeps the level it
     * was made with. Other tests in this JVM may have made loggers already, so the property alone is not enough: the
     * configuration and the existing loggers are raised to DEBUG by reflection (test-only; the app is untouched).
     */
    static void forceSlf4jDebug() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!factory.getClass().getName().equals("org.slf4j.simple.SimpleLoggerFactory")) {
            throw new IllegalStateException("expected slf4j-simple, found " + factory.getClass().getName());
        }
        try {
            Class<?> simpleLogger = Class.forName("org.slf4j.simple.SimpleLogger");
            Field configField = simpleLogger.getDeclaredField("CONFIG_PARAMS");
            configField.setAccessible(true);
            Object config = configField.get(null);
            Field defaultLevel = config.getClass().getDeclaredField("defaultLogLevel");
            defaultLevel.setAccessible(true);
            defaultLevel.setInt(config, SLF4J_DEBUG);
            Field loggerMap = factory.getClass().getDeclaredField("loggerMap");
            loggerMap.setAccessible(true);
            Field current = simpleLogger.getDeclaredField("currentLogLevel");
            current.setAccessible(true);
            for (Object logger : ((ConcurrentMap<?, ?>) loggerMap.get(factory)).values()) {
                if (current.getInt(logger) > SLF4J_DEBUG) {
                    current.setInt(logger, SLF4J_DEBUG);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot raise slf4j-simple to DEBUG", e);
        }
    }

    private static final class JulCapture extends Handler {
        private final StringBuilder text = new StringBuilder();

        JulCapture() {
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(": ")
                    .append(new java.util.logging.SimpleFormatter().formatMessage(record)).append('\n');
            if (record.getThrown() != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                text.append(trace).append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
