package org.rareegress.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rareegress.event.Events.anEvent;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

    // --- Protocol ---

    @Test
    void keepsSuccessfulTcpToPublicIpv4OnNonWebPort() {
        Events event = anEvent();

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.KEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TCP", "tcp", "Udp", "Icmp", "", "Tcp "})
    void dropsAnyProtocolButExactlyTcp(String protocol) {
        Events event = anEvent().protocol(protocol);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.PROTOCOL);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.DROPPED);
    }

    @Test
    void dropsEventWithoutProtocol() {
        Events event = anEvent().protocol(null);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.PROTOCOL);
    }

    // --- ActionType ---

    @ParameterizedTest
    @ValueSource(strings = {"ConnectionFailed", "ConnectionAttempt", "InboundConnectionAccepted", "connectionsuccess",
            "CONNECTIONSUCCESS"})
    void dropsAnyActionTypeButExactlyConnectionSuccess(String actionType) {
        Events event = anEvent().action(actionType);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.ACTION_TYPE);
    }

    @Test
    void dropsEventWithoutActionType() {
        Events event = anEvent().action(null);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.ACTION_TYPE);
    }

    // --- RemoteIPType ---

    @ParameterizedTest
    @ValueSource(strings = {"Private", "Loopback", "Reserved", "FourToSixMapping", "public", "PUBLIC", ""})
    void dropsAnyRemoteIpTypeButExactlyPublic(String type) {
        Events event = anEvent().remoteIpType(type);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.REMOTE_IP_TYPE);
    }

    @Test
    void dropsEventWithoutRemoteIpType() {
        Events event = anEvent().remoteIpType(null);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.REMOTE_IP_TYPE);
    }

    // --- RemoteUrl ---

    @Test
    void keepsEventWithoutRemoteUrl() {
        Events event = anEvent().remoteUrl(null);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void keepsEventWithEmptyRemoteUrl() {
        Events event = anEvent().remoteUrl("");

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "https://example.com/x", " "})
    void dropsEventWithRemoteUrl(String url) {
        Events event = anEvent().remoteUrl(url);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.REMOTE_URL);
    }

    // --- Process name ---

    @ParameterizedTest
    @ValueSource(strings = {"Chrome.EXE", "chrome.exe", "MSEDGE.exe", "msedge.exe", "firefox.exe", "FireFox.Exe"})
    void dropsBrowsersInAnyCase(String process) {
        Events event = anEvent().process(process);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_PROCESS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromehelper.exe", "mychrome.exe", "chrome.exe.exe", "firefox2.exe", "msedge_proxy.exe"})
    void keepsProcessesThatOnlyResembleBrowsers(String process) {
        Events event = anEvent().process(process);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOOL.EXE", "tool.Exe", "tool.exe", "a.exe", ".exe"})
    void keepsExeSuffixInAnyCase(String process) {
        Events event = anEvent().process(process);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tool.dll", "exe", "toolexe", "tool.exe.dll", "tool.ex", "tool.exe "})
    void dropsProcessWithoutExeSuffix(String process) {
        Events event = anEvent().process(process);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.PROCESS_SUFFIX);
    }

    // --- RemoteIP: IPv4 only ---

    @Test
    void keepsIpv4MappedIpv6AddressAsIpv4() {
        Events event = anEvent().remoteIp("::ffff:8.8.8.8");

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void dropsIpv4MappedAddressInsideAnExcludedNetwork() {
        EgressFilter filter = filterWith("filter.excluded-networks=100.0.0.0/16");
        Events event = anEvent().remoteIp("::ffff:100.0.3.4");

        FilterOutcome outcome = filter.evaluate(event.toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_NETWORK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2001:4860:4860::8888", "::1", "fe80::1", "::8.8.8.8", "64:ff9b::808:808"})
    void dropsPureIpv6WithoutRejectingIt(String ip) {
        Events event = anEvent().remoteIp(ip);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.NOT_IPV4);
        assertThat(outcome.kind()).isEqualTo(FilterOutcome.Kind.DROPPED);
    }

    // --- Excluded networks ---

    @ParameterizedTest
    @ValueSource(strings = {"100.0.0.0", "100.0.255.255", "100.0.128.7"})
    void dropsAddressesInsideAnExcludedBlockIncludingItsEdges(String ip) {
        EgressFilter filter = filterWith("filter.excluded-networks=100.0.0.0/16,200.200.200.0/24");

        FilterOutcome outcome = filter.evaluate(anEvent().remoteIp(ip).toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_NETWORK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"99.255.255.255", "100.1.0.0", "200.200.199.255", "200.200.201.0"})
    void keepsAddressesJustOutsideAnExcludedBlock(String ip) {
        EgressFilter filter = filterWith("filter.excluded-networks=100.0.0.0/16,200.200.200.0/24");

        FilterOutcome outcome = filter.evaluate(anEvent().remoteIp(ip).toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void slash32BlockExcludesExactlyThatAddress() {
        EgressFilter filter = filterWith("filter.excluded-networks=8.8.8.8/32");

        FilterOutcome exact = filter.evaluate(anEvent().remoteIp("8.8.8.8").toEvent());
        FilterOutcome below = filter.evaluate(anEvent().remoteIp("8.8.8.7").toEvent());
        FilterOutcome above = filter.evaluate(anEvent().remoteIp("8.8.8.9").toEvent());

        assertThat(exact).isEqualTo(FilterOutcome.EXCLUDED_NETWORK);
        assertThat(below).isEqualTo(FilterOutcome.KEPT);
        assertThat(above).isEqualTo(FilterOutcome.KEPT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "8.8.8.8", "127.255.255.255", "128.0.0.0", "255.255.255.255"})
    void slash0BlockExcludesEveryAddress(String ip) {
        EgressFilter filter = filterWith("filter.excluded-networks=0.0.0.0/0");

        FilterOutcome outcome = filter.evaluate(anEvent().remoteIp(ip).toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_NETWORK);
    }

    @Test
    void excludesNoNetworkByDefault() {
        Events event = anEvent().remoteIp("100.0.0.1");

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    // --- Ports ---

    @ParameterizedTest
    @ValueSource(ints = {80, 443})
    void dropsWebPorts(int port) {
        Events event = anEvent().port(port);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_PORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {8080, 0, 65535, 81, 442, 444, 8443})
    void keepsOtherPorts(int port) {
        Events event = anEvent().port(port);

        FilterOutcome outcome = byDefaults(event);

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    // --- Every clause is a configuration key ---

    @Test
    void keepsEveryConfiguredProtocol() {
        EgressFilter filter = filterWith("filter.protocols=Tcp,Udp");

        FilterOutcome udp = filter.evaluate(anEvent().protocol("Udp").toEvent());
        FilterOutcome icmp = filter.evaluate(anEvent().protocol("Icmp").toEvent());

        assertThat(udp).isEqualTo(FilterOutcome.KEPT);
        assertThat(icmp).isEqualTo(FilterOutcome.PROTOCOL);
    }

    @Test
    void keepsOnlyConfiguredProtocolsWhenTcpIsNotListed() {
        EgressFilter filter = filterWith("filter.protocols=Udp");

        FilterOutcome tcp = filter.evaluate(anEvent().protocol("Tcp").toEvent());

        assertThat(tcp).isEqualTo(FilterOutcome.PROTOCOL);
    }

    @Test
    void keepsEveryConfiguredActionType() {
        EgressFilter filter = filterWith("filter.action-types=ConnectionSuccess,ConnectionAttempt");

        FilterOutcome attempt = filter.evaluate(anEvent().action("ConnectionAttempt").toEvent());
        FilterOutcome failed = filter.evaluate(anEvent().action("ConnectionFailed").toEvent());

        assertThat(attempt).isEqualTo(FilterOutcome.KEPT);
        assertThat(failed).isEqualTo(FilterOutcome.ACTION_TYPE);
    }

    @Test
    void keepsEveryConfiguredRemoteIpType() {
        EgressFilter filter = filterWith("filter.remote-ip-types=Public,Private");

        FilterOutcome privateType = filter.evaluate(anEvent().remoteIpType("Private").remoteIp("10.0.0.1").toEvent());
        FilterOutcome loopback = filter.evaluate(anEvent().remoteIpType("Loopback").remoteIp("127.0.0.1").toEvent());

        assertThat(privateType).isEqualTo(FilterOutcome.KEPT);
        assertThat(loopback).isEqualTo(FilterOutcome.REMOTE_IP_TYPE);
    }

    @Test
    void keepsEventWithRemoteUrlWhenEmptyUrlIsNotRequired() {
        EgressFilter filter = filterWith("filter.require-empty-remote-url=false");

        FilterOutcome outcome = filter.evaluate(anEvent().remoteUrl("example.com").toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void usesTheConfiguredProcessSuffix() {
        EgressFilter filter = filterWith("filter.process-suffix=.dll");

        FilterOutcome dll = filter.evaluate(anEvent().process("Tool.DLL").toEvent());
        FilterOutcome exe = filter.evaluate(anEvent().process("tool.exe").toEvent());

        assertThat(dll).isEqualTo(FilterOutcome.KEPT);
        assertThat(exe).isEqualTo(FilterOutcome.PROCESS_SUFFIX);
    }

    @Test
    void emptyProcessSuffixKeepsEveryProcessName() {
        EgressFilter filter = filterWith("filter.process-suffix=");

        FilterOutcome outcome = filter.evaluate(anEvent().process("python").toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void emptyExcludedProcessRegexExcludesNothing() {
        EgressFilter filter = filterWith("filter.excluded-process-regex=");

        FilterOutcome outcome = filter.evaluate(anEvent().process("chrome.exe").toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void excludesProcessesMatchingTheConfiguredRegex() {
        EgressFilter filter = filterWith("filter.excluded-process-regex=(?i)^(tool|agent)\\.exe$");

        FilterOutcome tool = filter.evaluate(anEvent().process("TOOL.exe").toEvent());
        FilterOutcome chrome = filter.evaluate(anEvent().process("chrome.exe").toEvent());

        assertThat(tool).isEqualTo(FilterOutcome.EXCLUDED_PROCESS);
        assertThat(chrome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void dropsOnlyTheConfiguredPorts() {
        EgressFilter filter = filterWith("filter.excluded-ports=4444,22");

        FilterOutcome listed = filter.evaluate(anEvent().port(22).toEvent());
        FilterOutcome web = filter.evaluate(anEvent().port(443).toEvent());

        assertThat(listed).isEqualTo(FilterOutcome.EXCLUDED_PORT);
        assertThat(web).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void emptyExcludedPortsDropsNoPort() {
        EgressFilter filter = filterWith("filter.excluded-ports=");

        FilterOutcome outcome = filter.evaluate(anEvent().port(80).toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.KEPT);
    }

    @Test
    void dropsAddressesInConfiguredNetworks() {
        EgressFilter filter = filterWith("filter.excluded-networks=8.8.0.0/16");

        FilterOutcome outcome = filter.evaluate(anEvent().remoteIp("8.8.4.4").toEvent());

        assertThat(outcome).isEqualTo(FilterOutcome.EXCLUDED_NETWORK);
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
