package org.rareegress;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Data files the tests read, checked in under src/test/resources/ (each folder's README says where they
 * come from and under which licence). A missing one fails the test that needs it, naming the file.
 */
public final class TestFixtures {
    private TestFixtures() {
    }

    /** The file or folder {@code src/test/resources/<relative>}, as Maven copied it to the test classpath. */
    public static Path path(String relative) {
        URL url = TestFixtures.class.getResource("/" + relative);
        if (url == null) {
            throw new IllegalStateException("test fixture missing: src/test/resources/" + relative + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("test fixture src/test/resources/" + relative + " is not a file: " + url, e);
        }
    }
}
