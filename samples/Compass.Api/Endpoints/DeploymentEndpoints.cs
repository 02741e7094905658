using System.Text.Json.Nodes;
using Compass.Api.Deployments;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Kserve.Deployment;
using Compass.Postgres.Feedback;

namespace Compass.Api.Endpoints;

/// <summary>
/// <c>/api/deployments</c>: apply, list, status, rollback and delete on the configured cluster, through
/// <see cref="KubernetesDeployer"/> and its ownership rules (only objects Compass created and manages are changed).
/// Rollback and delete without <c>?confirm=NAME</c> only return what would change.
/// </summary>
internal static class DeploymentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deployments").WithTags("Deployments");

        group.MapPost("/", async (DeployRequest request, HttpContext context, ManifestRunner manifests, ClusterConnector cluster, Auditor auditor) =>
        {
            var ct = context.RequestAborted;
            using var deployer = cluster.Connect();
            var (_, set) = await manifests.GenerateAsync(new ManifestRequest { Plan = request.Plan, Rank = request.Rank, Options = request.Options }, ct);
            var documents = ManifestLoader.Parse(set.ToYaml(), "api");
            var deployment = new DeploymentRequest(documents)
            {
                Namespace = request.Namespace,
                SourceNamespace = set.Settings.Namespace,
                Name = request.Name,
                CreateNamespace = request.CreateNamespace ?? false,
                DryRun = request.DryRun ?? false,
                Force = request.Force ?? false,
            };
            var ns = request.Namespace ?? set.Settings.Namespace;
            var target = request.Name ?? documents.FirstOrDefault(d => d.Kind == "InferenceService")?.Name ?? set.Settings.ServedModelName;
            var result = deployment.DryRun
                ? await deployer.ApplyAsync(deployment, cancellationToken: ct)
                : await auditor.RunAsync(context, AuditAction.Deploy, target, ns, deployer.Cluster, () => deployer.ApplyAsync(deployment, cancellationToken: ct),
                    r => (r.Revision is { } rev ? $"succeeded: revision {rev}, {r.Objects.Count} objects" : $"succeeded: unchanged, {r.Objects.Count} objects", new { r.Name, r.Namespace, r.Revision, objects = r.Objects.Count }));
            var node = Json.Node(result).AsObject();
            node["cluster"] = deployer.Cluster;
            return Json.Ok(node, result.DryRun ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        }).WithSummary("Generate the manifests for a plan's recommendation and apply them (dryRun validates only)");

        group.MapGet("/", async (string? @namespace, ClusterConnector cluster, CancellationToken ct) =>
        {
            using var deployer = cluster.Connect();
            var list = await deployer.ListAsync(@namespace, ct);
            return Json.Ok(new JsonObject { ["cluster"] = deployer.Cluster, ["namespace"] = @namespace ?? deployer.DefaultNamespace, ["deployments"] = Json.Node(list) });
        }).WithSummary("The deployments Compass manages in a namespace");

        group.MapGet("/{namespace}/{name}", async (string @namespace, string name, ClusterConnector cluster, CancellationToken ct) =>
        {
            using var deployer = cluster.Connect();
            return Json.Ok(await deployer.GetStatusAsync(name, @namespace, ct));
        }).WithSummary("A deployment's status: conditions, pods, events, revision");

        group.MapPost("/{namespace}/{name}/rollback", async (string @namespace, string name, string? confirm, HttpContext context, ClusterConnector cluster, Auditor auditor) =>
        {
            var ct = context.RequestAborted;
            using var deployer = cluster.Connect();
            var plan = await deployer.PlanRollbackAsync(name, @namespace, ct);
            var node = new JsonObject { ["plan"] = Json.Node(plan) };
            if (!Confirmed(confirm, name))
            {
                node["applied"] = false;
                node["message"] = $"Nothing was changed. To roll {name} back from revision {plan.FromRevision} to {plan.ToRevision}, repeat with ?confirm={name}.";
                return Json.Ok(node);
            }

            var result = await auditor.RunAsync(context, AuditAction.Rollback, name, plan.Namespace, deployer.Cluster, () => deployer.RollbackAsync(plan, cancellationToken: ct),
                r => ($"succeeded: revision {plan.FromRevision} → {plan.ToRevision}", new { from = plan.FromRevision, to = plan.ToRevision, r.Revision }));
            node["applied"] = true;
            node["result"] = Json.Node(result);
            return Json.Ok(node);
        }).WithSummary("Roll back to the previous revision (without ?confirm=NAME: only what would change)");

        group.MapDelete("/{namespace}/{name}", async (string @namespace, string name, string? confirm, HttpContext context, ClusterConnector cluster, Auditor auditor) =>
        {
            var ct = context.RequestAborted;
            using var deployer = cluster.Connect();
            var plan = await deployer.PlanDeletionAsync(name, @namespace, ct);
            var node = new JsonObject { ["plan"] = Json.Node(plan) };
            if (!Confirmed(confirm, name))
            {
                node["deleted"] = new JsonArray();
                node["message"] = $"Nothing was deleted. To delete these {plan.Delete.Count} objects, repeat with ?confirm={name}.";
                return Json.Ok(node);
            }

            var deleted = await auditor.RunAsync(context, AuditAction.Delete, name, plan.Namespace, deployer.Cluster, () => deployer.DeleteAsync(plan, cancellationToken: ct),
                d => ($"succeeded: {d.Count} objects deleted, {plan.LeftAlone.Count} left alone", new { deleted = d.Select(o => o.ToString()), leftAlone = plan.LeftAlone.Select(o => o.ToString()) }));
            node["deleted"] = Json.Node(deleted);
            return Json.Ok(node);
        }).WithSummary("Delete what Compass created (without ?confirm=NAME: only what would be deleted and left alone)");
    }

    private static bool Confirmed(string? confirm, string name)
        => confirm switch
        {
            null => false,
            _ when string.Equals(confirm, name, StringComparison.Ordinal) => true,
            _ => throw ApiProblemException.Invalid("confirm", $"confirm must repeat the deployment's name ('{name}'); got '{confirm}'. Nothing was changed."),
        };
}
