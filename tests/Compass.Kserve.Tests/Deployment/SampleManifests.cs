using System.Globalization;

namespace Compass.Kserve.Tests.Deployment;

/// <summary>Small, valid manifests of every kind Compass generates, written to a temporary directory.</summary>
internal sealed class SampleManifests : IDisposable
{
    private SampleManifests(string directory) => Directory = directory;

    public string Directory { get; }

    public static SampleManifests Write(string name = "chat", int minReplicas = 1, string model = "meta-llama/Llama-3.1-8B-Instruct", bool withMonitoring = true)
    {
        var dir = Path.Combine(Path.GetTempPath(), "compass-deploy-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var samples = new SampleManifests(dir);
        samples.Rewrite(name, minReplicas, model, withMonitoring);
        return samples;
    }

    public void Rewrite(string name = "chat", int minReplicas = 1, string model = "meta-llama/Llama-3.1-8B-Instruct", bool withMonitoring = true)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory))
        {
            File.Delete(file);
        }

        var replicas = minReplicas.ToString(CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(Directory, "10-inferenceservice.yaml"), $"""
            # The model server and its configuration.
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: {name}-vllm-config
            data:
              max-model-len: "8192"
              gpu-memory-utilization: "0.9"
            ---
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: {name}
              annotations:
                serving.kserve.io/deploymentMode: RawDeployment
            spec:
              predictor:
                minReplicas: {replicas}
                maxReplicas: 4
                model:
                  modelFormat:
                    name: huggingface
                  args:
                    - --model={model}
                    - --tensor-parallel-size=1
                  resources:
                    limits:
                      nvidia.com/gpu: "1"
                    requests:
                      nvidia.com/gpu: "1"
            """);
        File.WriteAllText(Path.Combine(Directory, "20-scaledobject.yaml"), $"""
            apiVersion: keda.sh/v1alpha1
            kind: ScaledObject
            metadata:
              name: {name}-scaler
            spec:
              scaleTargetRef:
                name: {name}-predictor
              minReplicaCount: {replicas}
              maxReplicaCount: 4
              triggers:
                - type: prometheus
                  metadata:
                    serverAddress: http://prometheus.monitoring:9090
                    query: sum(vllm:num_requests_waiting) by (model_name)
                    threshold: "10"
            """);
        File.WriteAllText(Path.Combine(Directory, "30-pdb.yml"), $"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: {name}-pdb
            spec:
              minAvailable: 1
              selector:
                matchLabels:
                  serving.kserve.io/inferenceservice: {name}
            """);
        if (withMonitoring)
        {
            File.WriteAllText(Path.Combine(Directory, "40-monitoring.yaml"), $"""
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata:
                  name: {name}-metrics
                spec:
                  selector:
                    matchLabels:
                      serving.kserve.io/inferenceservice: {name}
                  endpoints:
                    - port: http
                      path: /metrics
                      interval: 15s
                ---
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: {name}-slo
                spec:
                  groups:
                    - name: {name}.slo
                      rules:
                        - alert: {name}TtftP95High
                          expr: histogram_quantile(0.95, sum(rate(vllm:time_to_first_token_seconds_bucket[5m])) by (le)) > 0.2
                          for: 10m
                """);
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }
}
