package io.hazardgate.simulator;

import io.hazardgate.config.ConfigException;
import io.hazardgate.simulator.cli.UsageException;
import io.hazardgate.simulator.demo.DemoCommand;
import io.hazardgate.simulator.load.GenLoadConfigCommand;
import io.hazardgate.simulator.load.LoadCommand;
import io.hazardgate.simulator.load.WakeupCommand;
import io.hazardgate.simulator.mqtt.BrokerException;
import io.hazardgate.simulator.plant.PlantCommand;
import io.hazardgate.simulator.scenario.run.ScenarioCommand;
import io.hazardgate.simulator.time.Ticker;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The simulator's command line: {@code plant} (default) plays a plant's data loggers, {@code scenario}
 * plays and verifies an incident timeline, {@code demo} cycles through the scenarios, {@code load} drives a broker as hard as asked and measures
 * it, {@code gen-load-config} writes the site file of a load run, {@code wakeup} measures how late the
 * machine wakes a sleeping thread (the floor under every latency measured on it). Exit codes: 0 done, 1 broker or file
 * trouble, 2 bad command line or configuration, 3 a scenario's alarms differ from its expectations.
 */
public final class SimulatorMain {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int VERIFY_FAILED = ScenarioCommand.VERIFY_FAILED;

    private SimulatorMain() {}

    /** The gateway's jar, on the class path for its config model, brings its own logback.xml; ours wins. */
    static final String LOGBACK_CONFIG = "hazardgate-simulator-logback.xml";

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command; never exits the JVM, so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            out.println(usage());
            return OK;
        }
        // "--load" is the form the issue tracker and launcher speak of; it means the load command.
        boolean named = args.length > 0 && (!args[0].startsWith("--") || args[0].equals("--load"));
        // "--scenario NAME" alone is how the launcher speaks of playing a scenario.
        String command = named ? args[0].replaceFirst("^--", "") : Arrays.asList(args).contains("--scenario")
                || Arrays.asList(args).contains("--list") ? "scenario" : "plant";
        String[] rest = named ? Arrays.copyOfRange(args, 1, args.length) : args;
        try {
            return switch (command) {
                case "plant" -> PlantCommand.run(rest, out, err, Ticker.SYSTEM);
                case "scenario" -> ScenarioCommand.run(rest, out, err, Ticker.SYSTEM);
                case "demo" -> DemoCommand.run(rest, out, err, Ticker.SYSTEM);
                case "load" -> LoadCommand.run(rest, out, err);
                case "gen-load-config" -> GenLoadConfigCommand.run(rest, out, err);
                case "wakeup" -> WakeupCommand.run(rest, out, err);
                case "help" -> {
                    out.println(usage());
                    yield OK;
                }
                default -> throw new UsageException("unknown command '" + command + "' (plant, scenario, demo, load, gen-load-config, wakeup, help)");
            };
        } catch (UsageException | ConfigException e) {
            err.println("error: " + e.getMessage());
            if (e instanceof UsageException) err.println("run 'help' for usage");
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE;
        } catch (BrokerException e) {
            err.println("error: " + e.getMessage());
            return FAILED;
        }
    }

    static String usage() {
        return "HazardGate simulator\n\n" + PlantCommand.USAGE + "\n\n" + ScenarioCommand.USAGE + "\n\n" + DemoCommand.USAGE + "\n\n" + LoadCommand.USAGE + "\n\n" + GenLoadConfigCommand.USAGE
                + "\n\n" + WakeupCommand.USAGE + "\n\nDurations: 500ms, 10s, 5m, 1h, 2d.";
    }
}
