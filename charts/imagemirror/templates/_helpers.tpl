{{/* The chart name, or nameOverride. */}}
{{- define "imagemirror.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The prefix of object names: fullnameOverride, else the release name when it already contains the chart name, else
"<release>-<chart>". Short enough that "<prefix>-operator-metrics" stays a valid Service name (63 characters).
*/}}
{{- define "imagemirror.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 46 | trimSuffix "-" }}
{{- else }}
{{- $name := include "imagemirror.name" . }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 46 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 46 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Deployment, ServiceAccount, (Cluster)Role and binding: "imagemirror-operator" for a release named imagemirror. */}}
{{- define "imagemirror.operatorName" -}}
{{- printf "%s-operator" (include "imagemirror.fullname" .) }}
{{- end }}

{{/* The metrics Service; the Prometheus Operator names the scrape job after it. */}}
{{- define "imagemirror.metricsServiceName" -}}
{{- printf "%s-operator-metrics" (include "imagemirror.fullname" .) }}
{{- end }}

{{/* Labels of every object of the release. */}}
{{- define "imagemirror.commonLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "imagemirror.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: imagemirror
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* What the Deployment, the Service and the ServiceMonitor select the operator's pods and Service by. */}}
{{- define "imagemirror.selectorLabels" -}}
app.kubernetes.io/name: {{ include "imagemirror.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* Labels of the operator's objects. */}}
{{- define "imagemirror.labels" -}}
{{ include "imagemirror.commonLabels" . }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The image reference: the digest wins over the tag; the tag defaults to the chart's appVersion. */}}
{{- define "imagemirror.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The RBAC rules the operator needs, the same as deploy/base/clusterrole.yaml (ChartEquivalenceTest compares them, and
ChartValueSetsTest checks them against what the operator calls). "watch": the rules for the namespaces it watches;
"lease": leader election, in its own namespace.
*/}}
{{- define "imagemirror.rules.watch" -}}
# The custom resources it reconciles. No create/delete: users and GitOps own them.
- apiGroups: ["mirror.hagicode.io"]
  resources: ["imagemirrors"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["mirror.hagicode.io"]
  resources: ["imagemirrors/status"]
  verbs: ["get", "patch", "update"]
# Registry credentials referenced by ImageMirrors, always read from the mirror's own namespace. Read only.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
# SyncStarted/SyncSucceeded/SyncFailed/CredentialsNotFound events (core v1 Events).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{- define "imagemirror.rules.lease" -}}
# Leader election (Lease imagemirror-operator in the release namespace); fabric8 renews the Lease with PATCH.
- apiGroups: ["coordination.k8s.io"]
  resources: ["leases"]
  verbs: ["get", "create", "update", "patch"]
{{- end }}

{{/* Refuses combinations of values that the schema cannot express, with a message that says what to change. */}}
{{- define "imagemirror.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection) }}
{{- fail (printf "%s %s"
  (printf "replicaCount is %d but leaderElection is false:" (int .Values.replicaCount))
  "several replicas without leader election would all sync the same mirrors. Set leaderElection: true, or replicaCount: 1.") }}
{{- end }}
{{- end }}
