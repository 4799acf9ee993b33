package org.rareegress.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The configuration options every command shares: {@code --config FILE} and {@code --set key=value}. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of configuration keys.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Sets one configuration key; overrides the file and RARE_EGRESS_* environment variables.")
    List<String> overrides = new ArrayList<>();

    /** Loads and validates the settings; throws {@link ConfigException} naming the key at fault. */
    public Settings load() {
        return SettingsLoader.load(configFile, System.getenv(), overrides);
    }

    /** Same, with settings a command imposes above everything the user set (e.g. replay's isolation). */
    public Settings loadImposing(List<String> imposed) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(imposed);
        return SettingsLoader.load(configFile, System.getenv(), all);
    }

    /** With a command's defaults below the user's settings and what it imposes above them. */
    public Settings load(List<String> commandDefaults, List<String> imposed) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(imposed);
        return SettingsLoader.load(commandDefaults, configFile, System.getenv(), all);
    }

}
