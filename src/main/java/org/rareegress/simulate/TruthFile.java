package org.rareegress.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code --truth} file: one {@link PlantedTool} as JSON a line. */
public final class TruthFile {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TruthFile() {
    }

    public static void write(List<PlantedTool> tools, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (PlantedTool tool : tools) {
                out.write(MAPPER.writeValueAsString(tool));
                out.write('\n');
            }
        }
    }

    public static List<PlantedTool> read(Path file) throws IOException {
        List<PlantedTool> tools = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                tools.add(MAPPER.readValue(line, PlantedTool.class));
            }
        }
        return tools;
    }
}
