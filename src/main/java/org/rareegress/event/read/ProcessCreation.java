package org.rareegress.event.read;

/**
 * What a process-creation event (Sysmon 1) says about a process that its network events (Sysmon 3)
 * do not: hashes and command line. Null fields were not in the source.
 *
 * @param md5    lower-case hex, like Defender's
 * @param sha256 lower-case hex, like Defender's
 */
public record ProcessCreation(String commandLine, String md5, String sha256) {
}
