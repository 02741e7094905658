using System.IO.Compression;
using System.Text.Json.Nodes;
using Compass.Api.Requests;
using Compass.Kserve.Manifests;

namespace Compass.Api.Endpoints;

/// <summary><c>POST /api/manifests</c> (YAML documents) and <c>/api/manifests/zip</c> (the files <c>compass generate --out</c> writes, zipped).</summary>
internal static class ManifestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/manifests").WithTags("Manifests");
        group.MapPost("/", async (ManifestRequest request, ManifestRunner runner, CancellationToken ct) =>
        {
            var (_, set) = await runner.GenerateAsync(request, ct);
            return Json.Ok(new JsonObject
            {
                ["rank"] = set.Rank,
                ["documents"] = new JsonArray([.. set.Documents.Select(d => (JsonNode)new JsonObject
                {
                    ["apiVersion"] = d.ApiVersion,
                    ["kind"] = d.Kind,
                    ["name"] = d.Name,
                    ["fileName"] = d.FileName,
                    ["yaml"] = d.Yaml,
                })]),
                ["yaml"] = set.ToYaml(),
                ["notes"] = Json.Node(set.Notes),
            });
        }).WithSummary("KServe/vLLM manifests for one recommendation of a plan, validated");

        group.MapPost("/zip", async (ManifestRequest request, ManifestRunner runner, CancellationToken ct) =>
        {
            var (_, set) = await runner.GenerateAsync(request, ct);
            var bytes = await ZipAsync(set, ct);
            var name = set.Settings.ServedModelName.Replace('/', '-');
            return Results.File(bytes, "application/zip", $"compass-{set.Settings.Namespace}-{name}.zip");
        }).WithSummary("The manifests and kustomization.yaml as a zip download");
    }

    // The files are the ones ManifestWriter writes (one per object plus kustomization.yaml), in a throwaway folder.
    private static async Task<byte[]> ZipAsync(ManifestSet set, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "compass-api-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = await new ManifestWriter().WriteAsync(set, folder, force: false, cancellationToken);
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var file in written.Written)
                {
                    var path = Path.IsPathRooted(file) ? file : Path.Combine(folder, file);
                    await zip.CreateEntryFromFileAsync(path, Path.GetFileName(path), CompressionLevel.Optimal, cancellationToken);
                }
            }

            return buffer.ToArray();
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
