using Compass.Core;

namespace Compass.Kserve.Manifests;

/// <summary>Chooses the vLLM image for a GPU: the one the options name, or the pinned build for the GPU's vendor.</summary>
internal static class VllmImages
{
    /// <summary>Gets the image for a GPU.</summary>
    /// <param name="gpu">The GPU.</param>
    /// <param name="options">The options (validated).</param>
    /// <returns>The image reference.</returns>
    /// <exception cref="ArgumentException">No default image is known for the vendor, or the options name the other vendor's default image.</exception>
    public static ImageReference For(GpuSpec gpu, ManifestOptions options)
    {
        var isAmd = IsVendor(gpu, "AMD");
        var isNvidia = IsVendor(gpu, "NVIDIA");
        if (options.VllmImage is { } chosen)
        {
            // The other vendor's default build cannot start on this GPU: a certain failure, refused now rather than at rollout.
            if ((isAmd && chosen == ManifestOptions.DefaultVllmImage) || (isNvidia && chosen == ManifestOptions.DefaultRocmVllmImage))
            {
                var (built, fits, fitting) = isAmd ? ("CUDA", "ROCm", ManifestOptions.DefaultRocmVllmImage) : ("ROCm", "CUDA", ManifestOptions.DefaultVllmImage);
                throw new ArgumentException(
                    $"{chosen} is vLLM's {built} build, which cannot run on {gpu.Type} ({gpu.Vendor}); leave the image unset for {fitting}, or name a {fits} build.", nameof(options));
            }

            return ImageReference.Parse(chosen, nameof(ManifestOptions.VllmImage));
        }

        if (isAmd || isNvidia)
        {
            return ImageReference.Parse(isAmd ? ManifestOptions.DefaultRocmVllmImage : ManifestOptions.DefaultVllmImage, nameof(ManifestOptions.VllmImage));
        }

        throw new ArgumentException($"{gpu.Type} is made by {gpu.Vendor}, for which Compass knows no vLLM image; name a pinned vLLM build for it as the vLLM image of the manifest options.", nameof(options));
    }

    private static bool IsVendor(GpuSpec gpu, string vendor) => string.Equals(gpu.Vendor, vendor, StringComparison.OrdinalIgnoreCase);
}
