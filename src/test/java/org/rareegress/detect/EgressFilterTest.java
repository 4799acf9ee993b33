package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rareegress.config.SettingsLoader;
import org.rareegress.event.Events;

class EgressFilterTest {
    private static final EgressFilter DEFAULTS = filterWith();

    /** A filter from the shipped defaults plus {@code --set} overrides, as the detector builds it. */
    private static EgressFilter filterWith(String... overrides) {
        return new EgressFilter(SettingsLoader.load(null, Map.of(), List.of(overrides)).filter());
    }

    private static FilterOutcome byDefaults(Events event) {
        return DEFAULTS.evaluate(event.toEvent());
    }

    /**
     * One event, one outcome: the seed hunt's candidate ({@link Events#anEvent()}, kept by the defaults) with the
     * row's changes, through a filter of the defaults plus the row's setting (none: the defaults).
     * Changes are {@code field=value} separated by {@code ;}, {@code <null>} for an absent field, {@code without=F}
     * to leave field F out. Grouped by clause in the filter's order, the configured variants of a clause last.
     */
    @ParameterizedTest(name = "[{index}] {0} with [{1}] -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        # changes                                 | setting                                                 | outcome
        # --- the default candidate
        ""                                        | ""                                                      | KEPT
        # --- Protocol: exactly Tcp
        protocol=TCP                              | ""                                                      | PROTOCOL
        protocol=tcp                              | ""                                                      | PROTOCOL
        protocol=Udp                              | ""                                                      | PROTOCOL
        protocol=Icmp                             | ""                                                      | PROTOCOL
        protocol=                                 | ""                                                      | PROTOCOL
        "protocol=Tcp "                           | ""                                                      | PROTOCOL
        protocol=<null>                           | ""                                                      | PROTOCOL
        protocol=Udp                              | filter.protocols=Tcp,Udp                                | KEPT
        protocol=Icmp                             | filter.protocols=Tcp,Udp                                | PROTOCOL
        protocol=Tcp                              | filter.protocols=Udp                                    | PROTOCOL
        # --- ActionType: exactly ConnectionSuccess
        action=ConnectionFailed                   | ""                                                      | ACTION_TYPE
        action=ConnectionAttempt                  | ""                                                      | ACTION_TYPE
        action=InboundConnectionAccepted          | ""                                                      | ACTION_TYPE
        action=connectionsuccess                  | ""                                                      | ACTION_TYPE
        action=CONNECTIONSUCCESS                  | ""                                                      | ACTION_TYPE
        action=<null>                             | ""                                                      | ACTION_TYPE
        action=ConnectionAttempt                  | filter.action-types=ConnectionSuccess,ConnectionAttempt | KEPT
        action=ConnectionFailed                   | filter.action-types=ConnectionSuccess,ConnectionAttempt | ACTION_TYPE
        # --- RemoteIPType: exactly Public
        remoteIpType=Private                      | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=Loopback                     | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=Reserved                     | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=FourToSixMapping             | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=public                       | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=PUBLIC                       | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=                             | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=<null>                       | ""                                                      | REMOTE_IP_TYPE
        remoteIpType=Private;remoteIp=10.0.0.1    | filter.remote-ip-types=Public,Private                   | KEPT
        remoteIpType=Loopback;remoteIp=127.0.0.1  | filter.remote-ip-types=Public,Private                   | REMOTE_IP_TYPE
        # --- RemoteUrl: absent or empty
        remoteUrl=<null>                          | ""                                                      | KEPT
        remoteUrl=                                | ""                                                      | KEPT
        remoteUrl=example.com                     | ""                                                      | REMOTE_URL
        remoteUrl=https://example.com/x           | ""                                                      | REMOTE_URL
        "remoteUrl= "                             | ""                                                      | REMOTE_URL
        remoteUrl=example.com                     | filter.require-empty-remote-url=false                   | KEPT
        # --- RemoteIP: IPv4 only, an IPv4-mapped IPv6 address as its IPv4, pure IPv6 dropped (not rejected)
        remoteIp=::ffff:8.8.8.8                   | ""                                                      | KEPT
        remoteIp=::ffff:100.0.3.4                 | filter.excluded-networks=100.0.0.0/16                   | EXCLUDED_NETWORK
        remoteIp=2001:4860:4860::8888             | ""                                                      | NOT_IPV4
        remoteIp=::1                              | ""                                                      | NOT_IPV4
        remoteIp=fe80::1                          | ""                                                      | NOT_IPV4
        remoteIp=::8.8.8.8                        | ""                                                      | NOT_IPV4
        remoteIp=64:ff9b::808:808                 | ""                                                      | NOT_IPV4
        # --- Excluded networks: none by default, edges inside, neighbours outside, /32 and /0
        remoteIp=100.0.0.1                        | ""                                                      | KEPT
        remoteIp=100.0.0.0                        | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | EXCLUDED_NETWORK
        remoteIp=100.0.255.255                    | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | EXCLUDED_NETWORK
        remoteIp=100.0.128.7                      | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | EXCLUDED_NETWORK
        remoteIp=99.255.255.255                   | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | KEPT
        remoteIp=100.1.0.0                        | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | KEPT
        remoteIp=200.200.199.255                  | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | KEPT
        remoteIp=200.200.201.0                    | filter.excluded-networks=100.0.0.0/16,200.200.200.0/24  | KEPT
        remoteIp=8.8.8.8                          | filter.excluded-networks=8.8.8.8/32                     | EXCLUDED_NETWORK
        remoteIp=8.8.8.7                          | filter.excluded-networks=8.8.8.8/32                     | KEPT
        remoteIp=8.8.8.9                          | filter.excluded-networks=8.8.8.8/32                     | KEPT
        remoteIp=0.0.0.0                          | filter.excluded-networks=0.0.0.0/0                      | EXCLUDED_NETWORK
        remoteIp=8.8.8.8                          | filter.excluded-networks=0.0.0.0/0                      | EXCLUDED_NETWORK
        remoteIp=127.255.255.255                  | filter.excluded-networks=0.0.0.0/0                      | EXCLUDED_NETWORK
        remoteIp=128.0.0.0                        | filter.excluded-networks=0.0.0.0/0                      | EXCLUDED_NETWORK
        remoteIp=255.255.255.255                  | filter.excluded-networks=0.0.0.0/0                      | EXCLUDED_NETWORK
        remoteIp=8.8.4.4                          | filter.excluded-networks=8.8.0.0/16                     | EXCLUDED_NETWORK
        # --- Excluded processes: the browsers in any case, not their lookalikes
        process=Chrome.EXE                        | ""                                                      | EXCLUDED_PROCESS
        process=chrome.exe                        | ""                                                      | EXCLUDED_PROCESS
        process=MSEDGE.exe                        | ""                                                      | EXCLUDED_PROCESS
        process=msedge.exe                        | ""                                                      | EXCLUDED_PROCESS
        process=firefox.exe                       | ""                                                      | EXCLUDED_PROCESS
        process=FireFox.Exe                       | ""                                                      | EXCLUDED_PROCESS
        process=chromehelper.exe                  | ""                                                      | KEPT
        process=mychrome.exe                      | ""                                                      | KEPT
        process=chrome.exe.exe                    | ""                                                      | KEPT
        process=firefox2.exe                      | ""                                                      | KEPT
        process=msedge_proxy.exe                  | ""                                                      | KEPT
        process=chrome.exe                        | filter.excluded-process-regex=                          | KEPT
        process=TOOL.exe                          | "filter.excluded-process-regex=(?i)^(tool|agent)\\.exe$" | EXCLUDED_PROCESS
        process=chrome.exe                        | "filter.excluded-process-regex=(?i)^(tool|agent)\\.exe$" | KEPT
        # --- Process suffix: .exe in any case
        process=TOOL.EXE                          | ""                                                      | KEPT
        process=tool.Exe                          | ""                                                      | KEPT
        process=tool.exe                          | ""                                                      | KEPT
        process=a.exe                             | ""                                                      | KEPT
        process=.exe                              | ""                                                      | KEPT
        process=tool.dll                          | ""                                                      | PROCESS_SUFFIX
        process=exe                               | ""                                                      | PROCESS_SUFFIX
        process=toolexe                           | ""                                                      | PROCESS_SUFFIX
        process=tool.exe.dll                      | ""                                                      | PROCESS_SUFFIX
        process=tool.ex                           | ""                                                      | PROCESS_SUFFIX
        "process=tool.exe "                       | ""                                                      | PROCESS_SUFFIX
        process=Tool.DLL                          | filter.process-suffix=.dll                              | KEPT
        process=tool.exe                          | filter.process-suffix=.dll                              | PROCESS_SUFFIX
        process=python                            | filter.process-suffix=                                  | KEPT
        # --- Ports: 80 and 443 by default
        port=80                                   | ""                                                      | EXCLUDED_PORT
        port=443                                  | ""                                                      | EXCLUDED_PORT
        port=8080                                 | ""                                                      | KEPT
        port=0                                    | ""                                                      | KEPT
        port=65535                                | ""                                                      | KEPT
        port=81                                   | ""                                                      | KEPT
        port=442                                  | ""                                                      | KEPT
        port=444                                  | ""                                                      | KEPT
        port=8443                                 | ""                                                      | KEPT
        port=22                                   | filter.excluded-ports=4444,22                           | EXCLUDED_PORT
        port=443                                  | filter.excluded-ports=4444,22                           | KEPT
        port=80                                   | filter.excluded-ports=                                  | KEPT
        """)
    void decidesEachClause(String changes, String setting, FilterOutcome expected) {
        EgressFilter filter = setting.isEmpty() ? DEFAULTS : filterWith(setting);
        Events event = changed(anEvent(), changes);

        FilterOutcome outcome = filter.evaluate(event.toEvent());

        assertThat(outcome).isEqualTo(expected);
        assertThat(outcome.kind()).isEqualTo(expected == FilterOutcome.KEPT ? FilterOutcome.Kind.KEPT : FilterOutcome.Kind.DROPPED);
    }

    /** The event with a row's changes: {@code field=value;...}, {@code <null>} for null. */
    private static Events changed(Events event, String changes) {
        for (String change : changes.isEmpty() ? new String[0] : changes.split(";")) {
            int equals = change.indexOf('=');
            String field = change.substring(0, equals);
            String text = change.substring(equals + 1);
            String value = text.equals("<null>") ? null : text;
            event = switch (field) {
                case "protocol" -> event.protocol(value);
                case "action" -> event.action(value);
                case "remoteIpType" -> event.remoteIpType(value);
                case "remoteUrl" -> event.remoteUrl(value);
                case "remoteIp" -> event.remoteIp(value);
                case "process" -> event.process(value);
                case "port" -> event.port(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("no field " + field + " in the table's changes");
            };
        }
        return event;
    }

    // --- Rejections: a field the hunt needs is missing on an otherwise kept event ---

    @ParameterizedTest
    @ValueSource(strings = {"", "<null>"})
    void rejectsCandidateWithoutRemoteIp(String ip) {
        Events event = anEvent().remoteIp(ip.equals("<null>") ? null : ip);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.MISSING_REMOTE_IP);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.REJECTED);
        assertThat(outcome.label()).contains("RemoteIP");
    }

    @Test
    void rejectsCandidateWithoutRemotePort() {
        Events event = anEvent().without("RemotePort");

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.MISSING_PORT);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.REJECTED);
        assertThat(outcome.label()).contains("RemotePort");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "<null>"})
    void rejectsCandidateWithoutProcessFileName(String name) {
        Events event = anEvent().process(name.equals("<null>") ? null : name);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.MISSING_PROCESS);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.REJECTED);
        assertThat(outcome.label()).contains("InitiatingProcessFileName");
    }

    @Test
    void dropsNonCandidateWithoutRemoteIpInsteadOfRejectingIt() {
        Events failedConnection = anEvent().action("ConnectionFailed").remoteIp(null);
        Events webTraffic = anEvent().port(443).remoteIp(null);
        Events browser = anEvent().process("chrome.exe").remoteIp(null);

        FilterOutcome failed = byDefaults(failedConnection);
        FilterOutcome web = byDefaults(webTraffic);
        FilterOutcome excluded = byDefaults(browser);

        assertThat(failed).isEqualTo(FilterOutcome.ACTION_TYPE);
        assertThat(web).isEqualTo(FilterOutcome.EXCLUDED_PORT);
        assertThat(excluded).isEqualTo(FilterOutcome.EXCLUDED_PROCESS);
    }

    @Test
    void dropsNonCandidateWithoutProcessFileNameInsteadOfRejectingIt() {
        Events webTraffic = anEvent().port(443).process(null);
        Events ipv6 = anEvent().remoteIp("2001:db8::1").process(null);

        FilterOutcome web = byDefaults(webTraffic);
        FilterOutcome notIpv4 = byDefaults(ipv6);

        assertThat(web).isEqualTo(FilterOutcome.EXCLUDED_PORT);
        assertThat(notIpv4).isEqualTo(FilterOutcome.NOT_IPV4);
    }

    @Test
    void dropsNonCandidateWithoutRemotePortInsteadOfRejectingIt() {
        Events browser = anEvent().process("firefox.exe").without("RemotePort");

        FilterOutcome outcome = byDefaults(browser);

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_PROCESS);
    }

    @Test
    void namesTheFirstMissingFieldWhenSeveralAreMissing() {
        Events event = anEvent().remoteIp(null).process(null).without("RemotePort");

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.MISSING_REMOTE_IP);
    }

    // --- Reason order ---

    @Test
    void reportsTheFirstFailingClauseInSpecOrder() {
        EgressFilter filter = filterWith("filter.excluded-networks=100.0.0.0/16");
        Events event = anEvent().protocol("Udp").action("ConnectionFailed").remoteIpType("Private")
                .remoteUrl("example.com").remoteIp("::1").process("chrome.exe").port(443);
        List<FilterOutcome> reported = new java.util.ArrayList<>();

        reported.add(filter.evaluate(event.toEvent()));
        reported.add(filter.evaluate(event.protocol("Tcp").toEvent()));
        reported.add(filter.evaluate(event.action("ConnectionSuccess").toEvent()));
        reported.add(filter.evaluate(event.remoteIpType("Public").toEvent()));
        reported.add(filter.evaluate(event.remoteUrl(null).toEvent()));
        reported.add(filter.evaluate(event.remoteIp("100.0.0.1").toEvent()));
        reported.add(filter.evaluate(event.remoteIp("8.8.8.8").toEvent()));
        reported.add(filter.evaluate(event.process("tool.dll").toEvent()));
        reported.add(filter.evaluate(event.process("tool.exe").toEvent()));
        reported.add(filter.evaluate(event.port(4444).toEvent()));

        assertThat(reported).containsExactly(FilterOutcome.PROTOCOL, FilterOutcome.ACTION_TYPE,
                FilterOutcome.REMOTE_IP_TYPE, FilterOutcome.REMOTE_URL, FilterOutcome.NOT_IPV4,
                FilterOutcome.EXCLUDED_NETWORK, FilterOutcome.EXCLUDED_PROCESS, FilterOutcome.PROCESS_SUFFIX,
                FilterOutcome.EXCLUDED_PORT, FilterOutcome.KEPT);
    }

    // --- Key ---

    @Test
    void groupsProcessesByLowerCasedFileName() {
        String key = EgressFilter.processKey("ToOl.EXE");

        assertThat(key).isEqualTo("tool.exe");
    }
}
