namespace Compass.Kserve.Manifests;

/// <summary>
/// Sizes the serving container's <c>ephemeral-storage</c> request and limit. The kubelet charges a pod for its
/// writable layers, its logs and its disk-backed <c>emptyDir</c> volumes, and KServe's storage initializer downloads
/// the weights into such a volume (<c>/mnt/models</c>): so the weights dominate. The request makes the scheduler pick
/// a node with room for them (a node without fails to schedule, visibly, instead of filling its disk); the limit
/// evicts a pod that writes far more than planned before it starves its neighbours.
/// </summary>
internal static class EphemeralStorage
{
    /// <summary>
    /// The download relative to the checkpoint. The storage initializer fetches the whole Hugging Face repository
    /// (<c>snapshot_download</c> without file filters), and many repositories hold a second copy of the weights:
    /// Meta's <c>original/</c> folder of <c>.pth</c> files, or <c>.bin</c> files beside the <c>.safetensors</c>.
    /// </summary>
    public const double DownloadFactor = 2.0;

    /// <summary>
    /// What vLLM itself writes, in GiB: the torch.compile cache and the Triton, FlashInfer and DeepGEMM kernel caches
    /// under <c>$HOME/.cache</c> (hundreds of MB to a few GB, more when kernels are compiled just in time), <c>/tmp</c>,
    /// and its log, which the kubelet rotates at 5 × 10 MiB.
    /// </summary>
    public const int VllmScratchRequestGiB = 4;

    /// <summary>The scratch the limit allows, in GiB: four times the request, for caches of kernels compiled at run time.</summary>
    public const int VllmScratchLimitGiB = 16;

    /// <summary>The margin of the limit over the download (file-size rounding, the downloader's metadata).</summary>
    public const double DownloadMargin = 1.1;

    /// <summary>The simulator's request: it writes only its log and a little of <c>/tmp</c>.</summary>
    public const string SimulatorRequest = "256Mi";

    /// <summary>The simulator's limit.</summary>
    public const string SimulatorLimit = "1Gi";

    /// <summary>The size of the simulator's <c>/tmp</c> volume (the .NET runtime's diagnostics socket and temporary files).</summary>
    public const string SimulatorTmpSize = "64Mi";

    /// <summary>Gets vLLM's request and limit, in GiB.</summary>
    /// <param name="settings">The serving settings.</param>
    /// <returns>The request and the limit.</returns>
    public static (int RequestGiB, int LimitGiB) ForVllm(ServingSettings settings)
    {
        // Online FP8 (--quantization=fp8 on the base checkpoint) downloads the 16-bit weights: twice what it loads.
        var checkpointGiB = settings.WeightsGiB * (settings.Quantization == "fp8" ? 2 : 1);
        var download = checkpointGiB * DownloadFactor;
        return ((int)Math.Ceiling(download + VllmScratchRequestGiB), (int)Math.Ceiling((download * DownloadMargin) + VllmScratchLimitGiB));
    }
}
