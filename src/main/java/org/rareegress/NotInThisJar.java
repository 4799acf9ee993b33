package org.rareegress;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * Stands in for a command the running jar does not hold ({@code demo}, {@code bench} in the slim jar): whatever its
 * arguments, it says which jar has the command and how to get it, and exits {@link #EXIT_STATUS}, instead of a
 * {@code ClassNotFoundException} from deep inside the command.
 */
@Command(description = "Not in this jar.")
final class NotInThisJar implements Callable<Integer> {
    /** Exit status: the command cannot run here (as a usage error, picocli's 2). */
    static final int EXIT_STATUS = 2;

    @Spec
    CommandSpec spec;

    /** Everything after the command's name, so that {@code demo --follow} also gets the message, not a usage error. */
    @Unmatched
    List<String> ignored;

    private final Main.FullJarCommand command;

    private NotInThisJar(Main.FullJarCommand command) {
        this.command = command;
    }

    /** The command's own instance when this jar holds it and the library it needs, else a stand-in. */
    static Object load(Main.FullJarCommand command) {
        try {
            // Not initialised: only whether the classes are there.
            Class.forName(command.neededClass(), false, NotInThisJar.class.getClassLoader());
            return Class.forName(command.commandClass()).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | LinkageError e) {
            return new NotInThisJar(command);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the " + command.name() + " command", e);
        }
    }

    String message() {
        return "rare-egress: `" + command.name() + "` is not in this jar. This is the slim jar (rare-egress-slim.jar, "
                + "the one the container image runs: run, backtest, replay, topics, simulate), which leaves out the "
                + "in-JVM Kafka broker and the benchmarks. `" + command.name() + "` runs from the full jar, built by "
                + "the same command: mvn -q -DskipTests package && java -jar target/rare-egress.jar " + command.name();
    }

    String[] description() {
        return new String[] {"Not in this jar (the slim one): " + command.summary(), "Run it from the full jar, target/rare-egress.jar."};
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(message());
        return EXIT_STATUS;
    }
}
