package org.rareegress;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, for {@code --version}. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"rare-egress " + (version == null ? "(development build)" : version)};
    }
}
