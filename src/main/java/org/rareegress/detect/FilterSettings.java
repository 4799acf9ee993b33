package org.rareegress.detect;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every clause of the candidate filter. The defaults reproduce the seed hunt; each is a key.
 *
 * @param excludedProcessRegex null when no process is excluded by name
 */
public record FilterSettings(Set<String> protocols, Set<String> actionTypes, Set<String> remoteIpTypes,
                             boolean requireEmptyRemoteUrl, Ipv4Ranges excludedNetworks, String processSuffix,
                             Pattern excludedProcessRegex, Set<Integer> excludedPorts) {
}
