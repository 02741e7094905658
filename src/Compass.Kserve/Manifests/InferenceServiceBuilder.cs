using System.Globalization;
using Compass.Core;
using Compass.Kserve.Manifests.Resources;
using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>Builds the KServe InferenceService that runs vLLM (or the simulator) for one recommendation.</summary>
internal static class InferenceServiceBuilder
{
    /// <summary>The annotation that selects KServe's Standard (raw Kubernetes Deployment) mode, formerly RawDeployment.</summary>
    public const string DeploymentModeAnnotation = "serving.kserve.io/deploymentMode";

    /// <summary>The annotation that stops KServe from creating its own HPA; KEDA scales the predictor instead.</summary>
    public const string AutoscalerClassAnnotation = "serving.kserve.io/autoscalerClass";

    private const string ShmVolume = "dshm";

    private const string TmpVolume = "tmp";

    public static InferenceService Build(
        ServingSettings settings, GpuSpec gpu, ImageReference? vllmImage, ManifestOptions options, IDictionary<string, string> labels, IDictionary<string, string> annotations)
    {
        var allAnnotations = new Dictionary<string, string>(annotations, StringComparer.Ordinal)
        {
            [DeploymentModeAnnotation] = "Standard",
            [AutoscalerClassAnnotation] = "external",
        };
        var container = settings.Simulator
            ? SimulatorContainer(settings, options)
            : VllmContainer(settings, gpu, vllmImage ?? throw new ArgumentNullException(nameof(vllmImage)), options);
        var gpuNeeded = !settings.Simulator;
        var shm = gpuNeeded && settings.TensorParallel > 1;
        var volumes = new List<V1Volume>();
        if (shm)
        {
            volumes.Add(new V1Volume { Name = ShmVolume, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(ShmSize(settings)) } });
        }

        if (settings.Simulator)
        {
            volumes.Add(new V1Volume { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity(EphemeralStorage.SimulatorTmpSize) } });
        }

        return new InferenceService
        {
            Metadata = new V1ObjectMeta
            {
                Name = settings.Name,
                NamespaceProperty = settings.Namespace,
                Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                Annotations = new SortedDictionary<string, string>(allAnnotations, StringComparer.Ordinal),
            },
            Spec = new InferenceServiceSpec
            {
                Predictor = new PredictorSpec
                {
                    MinReplicas = settings.MinReplicas,
                    MaxReplicas = settings.MaxReplicas,
                    Containers = [container],
                    NodeSelector = gpuNeeded ? new Dictionary<string, string>(StringComparer.Ordinal) { [gpu.NodeSelectorKey] = gpu.NodeSelectorValue } : null,
                    Tolerations = gpuNeeded
                        ? [new V1Toleration { Key = gpu.ResourceName, OperatorProperty = "Exists", Effect = "NoSchedule" }]
                        : null,
                    Volumes = volumes.Count > 0 ? volumes : null,
                    TerminationGracePeriodSeconds = 120,
                    SecurityContext = PodSecurity.Pod(),
                },
            },
        };
    }

    private static V1Container VllmContainer(ServingSettings settings, GpuSpec gpu, ImageReference image, ManifestOptions options)
    {
        var gpus = settings.TensorParallel.ToString(CultureInfo.InvariantCulture);
        var cpu = (4 * settings.TensorParallel).ToString(CultureInfo.InvariantCulture);
        var memoryGi = HostMemoryGi(settings);
        var shmGi = settings.TensorParallel > 1 ? ShmGi(settings) : 0;
        var (storageRequestGi, storageLimitGi) = EphemeralStorage.ForVllm(settings);
        return new V1Container
        {
            Name = KserveManifestConstants.ContainerName,
            Image = image.ToString(),
            Args = [.. settings.Arguments],
            Env =
            [
                // KServe's storage initializer downloads hf://<checkpoint> into /mnt/models before vLLM starts.
                new V1EnvVar { Name = "STORAGE_URI", Value = $"hf://{settings.Checkpoint}" },
                new V1EnvVar
                {
                    Name = "HF_TOKEN",
                    ValueFrom = new V1EnvVarSource
                    {
                        SecretKeyRef = new V1SecretKeySelector { Name = options.HuggingFaceTokenSecret, Key = options.HuggingFaceTokenKey, Optional = false },
                    },
                },
                new V1EnvVar { Name = "VLLM_NO_USAGE_STATS", Value = "1" },
            ],
            Ports = [new V1ContainerPort { ContainerPort = KserveManifestConstants.ContainerPort, Name = "http1", Protocol = "TCP" }],
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new($"{memoryGi}Gi"),
                    ["ephemeral-storage"] = new($"{storageRequestGi}Gi"),
                    [gpu.ResourceName] = new(gpus),
                },
                Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
                {
                    ["memory"] = new($"{memoryGi + shmGi}Gi"),
                    ["ephemeral-storage"] = new($"{storageLimitGi}Gi"),
                    [gpu.ResourceName] = new(gpus),
                },
            },
            SecurityContext = PodSecurity.Vllm(options),
            StartupProbe = Probe(periodSeconds: 10, failureThreshold: Math.Max(1, settings.StartupSeconds / 10), timeoutSeconds: 5),
            ReadinessProbe = Probe(periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5),
            LivenessProbe = Probe(periodSeconds: 15, failureThreshold: 4, timeoutSeconds: 10),
            VolumeMounts = settings.TensorParallel > 1 ? [new V1VolumeMount { Name = ShmVolume, MountPath = "/dev/shm" }] : null,
        };
    }

    private static V1Container SimulatorContainer(ServingSettings settings, ManifestOptions options) => new()
    {
        Name = KserveManifestConstants.ContainerName,
        Image = ImageReference.Parse(options.SimulatorImage, nameof(ManifestOptions.SimulatorImage)).ToString(),
        Args = [.. settings.Arguments, $"--served-model-name={settings.ServedModelName}"],
        Ports = [new V1ContainerPort { ContainerPort = KserveManifestConstants.ContainerPort, Name = "http1", Protocol = "TCP" }],
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
            {
                ["cpu"] = new("500m"),
                ["memory"] = new("512Mi"),
                ["ephemeral-storage"] = new(EphemeralStorage.SimulatorRequest),
            },
            Limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
            {
                ["memory"] = new("1Gi"),
                ["ephemeral-storage"] = new(EphemeralStorage.SimulatorLimit),
            },
        },
        SecurityContext = PodSecurity.Simulator(),
        VolumeMounts = [new V1VolumeMount { Name = TmpVolume, MountPath = "/tmp" }],
        StartupProbe = Probe(periodSeconds: 5, failureThreshold: Math.Max(1, settings.StartupSeconds / 5), timeoutSeconds: 2),
        ReadinessProbe = Probe(periodSeconds: 5, failureThreshold: 3, timeoutSeconds: 2),
        LivenessProbe = Probe(periodSeconds: 15, failureThreshold: 4, timeoutSeconds: 5),
    };

    private static V1Probe Probe(int periodSeconds, int failureThreshold, int timeoutSeconds) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = "/health", Port = KserveManifestConstants.ContainerPort },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = timeoutSeconds,
    };

    // Host memory: vLLM maps the safetensors files while it copies them to the GPUs, plus CPU swap and the tokenizer.
    private static int HostMemoryGi(ServingSettings settings)
        => Math.Max(16, (int)Math.Ceiling((settings.WeightsGiB * 0.5) + (8 * settings.TensorParallel)));

    // Shared memory for NCCL between the tensor-parallel workers (counted against the memory limit).
    private static int ShmGi(ServingSettings settings) => Math.Min(32, 4 * settings.TensorParallel);

    private static string ShmSize(ServingSettings settings) => $"{ShmGi(settings)}Gi";
}
