using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Compass.Kserve.Deployment;

/// <summary>
/// Turns KubernetesClient failures into <see cref="DeploymentException"/>s that say what failed, on which object,
/// and how to fix it: 401, 403, 404 (missing CRD or namespace or object), 409 (field-manager conflicts), 422 (with
/// the field causes) and an unreachable server.
/// </summary>
internal static class KubernetesErrors
{
    /// <summary>The API server the client talks to, for the unreachable message; set by the deployer.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> call, string verb, string objectReference, ResourceType type, string? @namespace, Uri? server = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            throw FromStatus(ex.Response?.StatusCode ?? 0, ex.Response?.Content, verb, objectReference, type, @namespace, ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(server, ex);
        }
        catch (SocketException ex)
        {
            throw Unreachable(server, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeploymentException(DeploymentFailure.Unreachable, $"The Kubernetes API server{At(server)} did not answer in time while trying to {verb} {objectReference}; check that the cluster is up and reachable, or raise the request timeout.", objectReference, innerException: ex);
        }
    }

    public static DeploymentException Unreachable(Uri? server, Exception ex)
    {
        var detail = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
        return new DeploymentException(
            DeploymentFailure.Unreachable,
            $"Cannot reach the Kubernetes API server{At(server)} ({detail.TrimEnd('.')}); check that the cluster is running and that the kubeconfig context points at it (kubectl cluster-info).",
            innerException: ex);
    }

    public static DeploymentException FromStatus(HttpStatusCode code, string? body, string verb, string objectReference, ResourceType type, string? @namespace, Exception? inner = null)
    {
        var status = ParseStatus(body);
        var serverMessage = status?["message"]?.GetValue<string>();
        var where = type.Namespaced && @namespace is not null ? $" in namespace {@namespace}" : string.Empty;
        var said = serverMessage is null ? string.Empty : $" (the API server said: {serverMessage.TrimEnd('.')})";
        string message;
        string? setting = null;
        var failure = DeploymentFailure.Server;
        switch ((int)code)
        {
            case 401:
                failure = DeploymentFailure.Unauthorized;
                message = $"The Kubernetes API server rejected the credentials (401 Unauthorized) when trying to {verb} {objectReference}; the kubeconfig token or client certificate is missing, wrong or expired: log in to the cluster again (or pick another kubeconfig context) and retry.";
                setting = nameof(KubernetesDeploymentOptions.Context);
                break;
            case 403:
                failure = DeploymentFailure.Forbidden;
                message = $"The user or service account lacks permission to {(verb is "apply" ? "patch" : verb is "discover" ? "get" : verb)} {type.QualifiedName}{where} (403 Forbidden){said}; grant it with a Role (apiGroups: [\"{type.Group}\"], resources: [\"{type.Plural}\"], verbs: [get, list, watch, create, patch, delete]) and a RoleBinding{(type.Namespaced && @namespace is not null ? $" in namespace {@namespace}" : " (a ClusterRole for cluster-scoped objects)")}.";
                break;
            case 404:
                failure = DeploymentFailure.NotFound;
                (message, setting) = NotFound(status, verb, objectReference, type, @namespace, serverMessage);
                break;
            case 409:
                failure = DeploymentFailure.Conflict;
                (message, setting) = Conflict(status, objectReference, serverMessage);
                break;
            case 422 or 400:
                failure = DeploymentFailure.Invalid;
                var causes = Causes(status);
                message = $"The API server rejected {objectReference} as invalid ({(int)code} {(code == HttpStatusCode.BadRequest ? "Bad Request" : "Unprocessable Entity")}): {serverMessage?.TrimEnd('.') ?? "no details"}{(causes.Length > 0 ? $"; fields: {causes}" : string.Empty)}; fix the manifest and apply again.";
                break;
            default:
                message = $"The Kubernetes API server answered {(int)code} {code} when trying to {verb} {objectReference}{said}.";
                break;
        }

        return new DeploymentException(failure, message, objectReference, code, inner) { Setting = setting };
    }

    private static (string Message, string? Setting) NotFound(JsonObject? status, string verb, string objectReference, ResourceType type, string? @namespace, string? serverMessage)
    {
        var details = status?["details"] as JsonObject;
        var detailKind = details?["kind"]?.GetValue<string>();
        if (detailKind == "namespaces" && verb != "delete")
        {
            var ns = details?["name"]?.GetValue<string>() ?? @namespace;
            return ($"The namespace {ns} does not exist, so {objectReference} cannot be {(verb == "apply" ? "applied" : "found")}; create it (kubectl create namespace {ns}) or let the deployment create it.",
                nameof(DeploymentRequest.CreateNamespace));
        }

        // An object that is missing names itself in details; a missing resource type (no CRD) has no details at all.
        if (details?["name"] is null && type.Group.Length > 0 && (verb is "apply" or "list" or "discover" || serverMessage?.Contains("could not find the requested resource", StringComparison.Ordinal) == true))
        {
            var (what, install) = type.Group switch
            {
                "serving.kserve.io" => ($"the {type.Kind} CRD ({type.QualifiedName})", "install KServe (https://kserve.github.io/website/latest/admin/serverless/serverless/ or the raw-deployment install)"),
                "keda.sh" => ($"the {type.Kind} CRD ({type.QualifiedName})", "install KEDA (helm install keda kedacore/keda -n keda --create-namespace), or leave the ScaledObject out"),
                "monitoring.coreos.com" => ($"the {type.Kind} CRD ({type.QualifiedName})", "install the Prometheus Operator (e.g. the kube-prometheus-stack Helm chart), or leave the monitoring objects out"),
                _ => ($"the resource type {type.QualifiedName} ({type.ApiVersion})", "install the operator or CRD that defines it"),
            };
            return ($"Cannot {verb} {objectReference}: {what} is not installed in the cluster; {install}.", null);
        }

        return verb switch
        {
            "delete" => ($"{objectReference} was not found{(type.Namespaced && @namespace is not null ? $" in namespace {@namespace}" : string.Empty)}; it may already be deleted.", null),
            _ => ($"{objectReference} was not found{(type.Namespaced && @namespace is not null ? $" in namespace {@namespace}" : string.Empty)}; check the name and the namespace (listing the Compass deployments shows both).",
                nameof(DeploymentRequest.Namespace)),
        };
    }

    private static (string Message, string? Setting) Conflict(JsonObject? status, string objectReference, string? serverMessage)
    {
        var causes = (status?["details"]?["causes"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var fields = causes.Select(c => c["field"]?.GetValue<string>()).OfType<string>().ToList();
        if (causes.Any(c => c["type"]?.GetValue<string>() == "FieldManagerConflict") || serverMessage?.StartsWith("Apply failed", StringComparison.Ordinal) == true)
        {
            var managers = causes.Select(c => c["message"]?.GetValue<string>()).OfType<string>()
                .Select(m => m.Replace("conflict with ", string.Empty, StringComparison.Ordinal).Trim('"'))
                .Distinct(StringComparer.Ordinal).ToList();
            return ($"Another field manager ({(managers.Count > 0 ? string.Join(", ", managers) : "another tool")}) owns {(fields.Count > 0 ? string.Join(", ", fields) : "fields")} of {objectReference}, so Compass did not overwrite {(fields.Count == 1 ? "it" : "them")} (409 Conflict); apply again with force to take ownership, or change those fields with the tool that set them.", nameof(DeploymentRequest.Force));
        }

        return ($"{objectReference} conflicts with the cluster's state (409 Conflict: {serverMessage?.TrimEnd('.') ?? "no details"}); retry, or delete the object and deploy again.", null);
    }

    private static string Causes(JsonObject? status)
        => string.Join("; ", ((status?["details"]?["causes"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Select(c => $"{c["field"]?.GetValue<string>() ?? "?"}: {c["message"]?.GetValue<string>() ?? c["reason"]?.GetValue<string>() ?? "invalid"}"));

    private static JsonObject? ParseStatus(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string At(Uri? server) => server is null ? string.Empty : $" at {server.GetLeftPart(UriPartial.Authority)}";
}
