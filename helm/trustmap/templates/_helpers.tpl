{{- define "trustmap.name" -}}{{ .Release.Name }}-trustmap{{- end -}}
{{- define "trustmap.labels" -}}
app.kubernetes.io/name: trustmap
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}
{{- define "trustmap.selector" -}}
app.kubernetes.io/name: trustmap
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
