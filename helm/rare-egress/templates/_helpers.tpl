{{/*
Expand the name of the chart.
*/}}
{{- define "rare-egress.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, truncated to 63 characters (DNS label limit).
If the release name contains the chart name it is used as the full name.
The StatefulSet's pods append "-<ordinal>", so keep room: names are cut at 52.
*/}}
{{- define "rare-egress.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 52 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "rare-egress.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "rare-egress.labels" -}}
helm.sh/chart: {{ include "rare-egress.chart" . }}
{{ include "rare-egress.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: rare-egress
{{- end }}

{{/*
Selector labels
*/}}
{{- define "rare-egress.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rare-egress.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "rare-egress.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rare-egress.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The headless Service that governs the StatefulSet: gives each pod a stable DNS name for
Kafka Streams' application.server (interactive queries between instances).
*/}}
{{- define "rare-egress.headlessName" -}}
{{- printf "%s-headless" (include "rare-egress.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The image reference of the detector (and the topics Job).
*/}}
{{- define "rare-egress.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The Secret holding credentials: the existing one, the chart's own, or none ("").
*/}}
{{- define "rare-egress.secretName" -}}
{{- if .Values.secret.existingSecret }}
{{- .Values.secret.existingSecret }}
{{- else if .Values.secret.create }}
{{- include "rare-egress.fullname" . }}
{{- end }}
{{- end }}

{{/*
http.port from the configuration: the container port, the Service port and application.server's port.
*/}}
{{- define "rare-egress.httpPort" -}}
{{- $port := index .Values.config "http.port" | default 8080 }}
{{- if kindIs "float64" $port }}{{ int64 $port }}{{ else }}{{ $port }}{{ end }}
{{- end }}

{{/*
http.probe-port from the configuration: the container port "probes" that the kubelet's probes use.
*/}}
{{- define "rare-egress.probePort" -}}
{{- $port := index .Values.config "http.probe-port" | default 8081 }}
{{- if kindIs "float64" $port }}{{ int64 $port }}{{ else }}{{ $port }}{{ end }}
{{- end }}

{{/*
Seconds of an ISO-8601 duration as java.time.Duration.parse reads it (PnDTnHnMn.nS), rounded up.
The chart needs it to keep terminationGracePeriodSeconds above shutdown.timeout.
*/}}
{{- define "rare-egress.durationSeconds" -}}
{{- $d := . | toString | upper }}
{{- if not (regexMatch "^P(\\d+D)?(T(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$" $d) }}
{{- fail (printf "shutdown.timeout %q is not a duration the chart can read; use e.g. PT30S, PT2M or PT1M30S" $d) }}
{{- end }}
{{- $days := regexReplaceAll "^P(?:(\\d+)D)?.*$" $d "${1}" | default "0" | atoi }}
{{- $hours := regexReplaceAll "^P(?:\\d+D)?(?:T(?:(\\d+)H)?.*)?$" $d "${1}" | default "0" | atoi }}
{{- $minutes := regexReplaceAll "^P(?:\\d+D)?(?:T(?:\\d+H)?(?:(\\d+)M)?.*)?$" $d "${1}" | default "0" | atoi }}
{{- $seconds := regexReplaceAll "^P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:(\\d+)(?:\\.\\d+)?S)?)?$" $d "${1}" | default "0" | atoi }}
{{- $fraction := ternary 1 0 (regexMatch "\\.\\d+S$" $d) }}
{{- add (mul $days 86400) (mul $hours 3600) (mul $minutes 60) $seconds $fraction }}
{{- end }}

{{/*
A Kubernetes memory quantity (2Gi, 1536Mi, 2G, 512M, 1073741824) in bytes, for sizing RocksDB from the limit.
*/}}
{{- define "rare-egress.quantityBytes" -}}
{{- $q := . | toString }}
{{- if not (regexMatch "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|K|M|G|T)?$" $q) }}
{{- fail (printf "resources.limits.memory %q is not a quantity the chart can read to size RocksDB; use e.g. 2Gi, or set config rocksdb.memory-bytes" $q) }}
{{- end }}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" $q }}
{{- $unit := trimPrefix $number $q }}
{{- $factors := dict "" 1.0 "k" 1000.0 "K" 1000.0 "M" 1000000.0 "G" 1000000000.0 "T" 1000000000000.0 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 }}
{{- mulf ($number | float64) (index $factors $unit) | floor | int64 }}
{{- end }}

{{/*
terminationGracePeriodSeconds: explicit, or shutdown.timeout plus a margin; always longer than
shutdown.timeout, so KafkaStreams.close() can commit and release state before SIGKILL.
*/}}
{{- define "rare-egress.terminationGracePeriodSeconds" -}}
{{- $shutdown := include "rare-egress.durationSeconds" (index .Values.config "shutdown.timeout" | default "PT30S") | atoi }}
{{- if .Values.terminationGracePeriodSeconds }}
{{- $grace := .Values.terminationGracePeriodSeconds | toString | atoi }}
{{- if le $grace $shutdown }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be longer than shutdown.timeout (%d s)" $grace $shutdown) }}
{{- end }}
{{- $grace }}
{{- else }}
{{- add $shutdown (.Values.shutdownGraceMarginSeconds | int) }}
{{- end }}
{{- end }}

{{/*
The effective configuration as YAML: config values plus what the chart owns (the state directory on
the state volume, the GeoIP paths on the geoip volume).
*/}}
{{- define "rare-egress.effectiveConfig" -}}
{{- $config := deepCopy .Values.config }}
{{- range $owned := list "kafka.state.dir" "kafka.application.server" }}
{{- if hasKey $config $owned }}
{{- fail (printf "config.%s is set by the chart (state volume / downward API); remove it from your values" $owned) }}
{{- end }}
{{- end }}
{{- $_ := set $config "kafka.state.dir" "/var/lib/rare-egress/state" }}
{{- if eq (index $config "rocksdb.memory-bytes" | toString) "" }}
{{- $limit := dig "limits" "memory" "" (.Values.resources | default dict) }}
{{- if $limit }}
{{- $bytes := include "rare-egress.quantityBytes" $limit | float64 }}
{{- $_ := set $config "rocksdb.memory-bytes" (mulf $bytes .Values.rocksdb.memoryLimitPercent 0.01 | floor | int64 | toString) }}
{{- else }}
{{- $_ := unset $config "rocksdb.memory-bytes" }}
{{- end }}
{{- end }}
{{- if .Values.geoip.enabled }}
{{- if not (index $config "geoip.database") }}
{{- $_ := set $config "geoip.database" (printf "%s/%s.mmdb" .Values.geoip.mountPath .Values.geoip.countryEdition) }}
{{- end }}
{{- if and .Values.geoip.asnEdition (not (index $config "geoip.asn-database")) }}
{{- $_ := set $config "geoip.asn-database" (printf "%s/%s.mmdb" .Values.geoip.mountPath .Values.geoip.asnEdition) }}
{{- end }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
One value in java.util.Properties syntax: numbers without exponent, backslashes and newlines escaped.
*/}}
{{- define "rare-egress.propertyValue" -}}
{{- if kindIs "float64" . }}
{{- if eq . (floor .) }}{{ int64 . }}{{ else }}{{ . }}{{ end }}
{{- else if kindIs "invalid" . }}
{{- else }}
{{- toString . | replace "\\" "\\\\" | replace "\n" "\\n" }}
{{- end }}
{{- end }}

{{/*
rare-egress.properties: every configuration key, sorted.
*/}}
{{- define "rare-egress.properties" -}}
# Rendered by the rare-egress Helm chart from .Values.config. Precedence at start-up: built-in defaults,
# this file, RARE_EGRESS_* environment variables (credentials, application.server), --set.
{{- range $key, $value := (include "rare-egress.effectiveConfig" . | fromYaml) }}
{{ $key }}={{ include "rare-egress.propertyValue" $value }}
{{- end }}
{{- end }}

{{/*
Credential environment variables from the Secret (each optional), for the detector and the topics Job.
*/}}
{{- define "rare-egress.secretEnv" -}}
{{- $secret := include "rare-egress.secretName" . }}
{{- if $secret }}
{{- range $env, $key := .Values.secret.kafkaEnv }}
- name: {{ $env }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end }}
{{- end }}

{{/*
Environment of a geoipupdate container; the credentials are mandatory secretKeyRefs.
*/}}
{{- define "rare-egress.geoipEnv" -}}
{{- $secret := include "rare-egress.secretName" . }}
{{- if not $secret }}
{{- fail "geoip.enabled needs the MaxMind account id and licence key: set secret.existingSecret (or secret.create with secret.data)" }}
{{- end }}
- name: GEOIPUPDATE_ACCOUNT_ID
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secret.maxmindAccountIdKey }}
- name: GEOIPUPDATE_LICENSE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ .Values.secret.maxmindLicenseKeyKey }}
- name: GEOIPUPDATE_EDITION_IDS
  value: {{ compact (list .Values.geoip.countryEdition .Values.geoip.asnEdition) | join " " | quote }}
- name: GEOIPUPDATE_DB_DIR
  value: {{ .Values.geoip.mountPath | quote }}
{{- end }}

{{/*
A geoipupdate container; "frequency" 0 downloads once and exits (init), more refreshes (sidecar).
*/}}
{{- define "rare-egress.geoipContainer" -}}
- name: {{ .name }}
  image: "{{ .root.Values.geoip.image.repository }}:{{ .root.Values.geoip.image.tag }}"
  imagePullPolicy: {{ .root.Values.geoip.image.pullPolicy }}
  env:
    {{- include "rare-egress.geoipEnv" .root | trim | nindent 4 }}
    - name: GEOIPUPDATE_FREQUENCY
      value: {{ .frequency | quote }}
  securityContext:
    {{- toYaml .root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .root.Values.geoip.resources | nindent 4 }}
  volumeMounts:
    - name: geoip
      mountPath: {{ .root.Values.geoip.mountPath }}
    # The image's entry script keeps its health-check output under /tmp.
    - name: geoip-tmp
      mountPath: /tmp
{{- end }}
