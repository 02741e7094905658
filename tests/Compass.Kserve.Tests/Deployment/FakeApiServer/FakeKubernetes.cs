using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Compass.Kserve.Deployment;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Compass.Kserve.Tests.Deployment.FakeApiServer;

/// <summary>
/// An in-process Kubernetes API server on Kestrel (127.0.0.1, a free port) that behaves like the real one for what
/// Compass uses: discovery, create, server-side apply, dry run, get, list with selectors, delete, the status
/// subresource, pods and events, Status errors, and a scripted InferenceService controller. Tests can require a
/// bearer token (401), forbid verbs (403) and uninstall API groups (404).
/// </summary>
internal sealed class FakeKubernetes : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeKubernetes(WebApplication app)
    {
        _app = app;
        Controller = new FakeInferenceServiceController(Store);
    }

    public FakeStore Store { get; } = new();

    public FakeInferenceServiceController Controller { get; }

    public Uri Url { get; private set; } = null!;

    public string Token { get; } = "compass-test-token";

    /// <summary>Gets or sets a value indicating whether requests without <c>Authorization: Bearer {Token}</c> get 401.</summary>
    public bool RequireToken { get; set; } = true;

    /// <summary>Gets the (verb, plural) pairs that get 403, e.g. ("patch", "inferenceservices").</summary>
    public ConcurrentDictionary<(string Verb, string Plural), bool> Forbidden { get; } = new();

    /// <summary>Gets the API groups whose CRDs are "not installed" (404 for every path in them).</summary>
    public ConcurrentDictionary<string, bool> UninstalledGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a hook run before each write (create, apply, update, delete) with its verb, resource plural and name: a test can change the store there, as a concurrent client would.</summary>
    public Action<string, string, string>? BeforeWrite { get; set; }

    /// <summary>Gets every request, as "METHOD path?query".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeKubernetes> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeKubernetes(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Urls.First());
        return server;
    }

    /// <summary>A KubernetesClient configuration pointing at this server, with the token.</summary>
    public KubernetesClientConfiguration Configuration(string? ns = null)
        => new() { Host = Url.ToString(), AccessToken = Token, Namespace = ns };

    /// <summary>Writes a kubeconfig file pointing at this server and returns its path.</summary>
    public string WriteKubeconfig(string directory, string? ns = null, string? token = null)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url.GetLeftPart(UriPartial.Authority)}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tester
            {(ns is null ? string.Empty : $"    namespace: {ns}")}
            current-context: fake
            users:
            - name: tester
              user:
                token: {token ?? Token}
            """);
        return path;
    }

    /// <summary>A URL on which nothing listens.</summary>
    public static Uri UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var (code, body) = await RouteAsync(request);
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task<(int, JsonObject)> RouteAsync(HttpRequest request)
    {
        if (RequireToken && request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            return FakeStatus.Unauthorized();
        }

        var segments = (request.Path.Value ?? string.Empty).Split('/').Skip(1).ToArray();
        string group, version;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], segments[2..]);
        }
        else if (segments.Length >= 3 && segments[0] == "apis" && segments[1].Length > 0)
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return FakeStatus.NoResource();
        }

        var served = FakeResource.All.Where(r => r.Group == group && r.Version == version && !UninstalledGroups.ContainsKey(group)).ToList();
        if (served.Count == 0)
        {
            return FakeStatus.NoResource();
        }

        if (rest.Length == 0)
        {
            return (200, Discovery(group, version, served));
        }

        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && served.Any(r => r.Plural == rest[2] && r.Namespaced))
        {
            ns = rest[1];
            rest = rest[2..];
        }

        var resource = served.FirstOrDefault(r => r.Plural == rest[0]);
        if (resource is null || rest.Length > 3 || (rest.Length == 3 && rest[2] != "status"))
        {
            return FakeStatus.NoResource();
        }

        var name = rest.Length >= 2 ? rest[1] : null;
        var subresource = rest.Length == 3 ? rest[2] : null;
        var query = request.Query;
        var verb = (request.Method, name) switch
        {
            ("GET", null) => "list",
            ("GET", _) => "get",
            ("POST", _) => "create",
            ("PATCH", _) => "patch",
            ("PUT", _) => "update",
            ("DELETE", _) => "delete",
            _ => "unknown",
        };
        if (Forbidden.ContainsKey((verb, resource.Plural)))
        {
            return FakeStatus.Forbidden(resource, verb, name, ns);
        }

        var dryRun = query["dryRun"].ToString() == "All";
        if (verb is "create" or "patch" or "update" or "delete" && subresource is null)
        {
            BeforeWrite?.Invoke(verb, resource.Plural, name ?? string.Empty);
        }

        switch (verb)
        {
            case "list":
                return Store.List(resource, ns, query["labelSelector"], query["fieldSelector"]);
            case "get":
                if (resource.Plural == "inferenceservices" && ns is not null && subresource is null)
                {
                    Controller.OnRead(ns, name!);
                }

                return Store.Get(resource, ns, name!);
            case "create":
                if (await ReadBodyAsync(request) is not { } created)
                {
                    return FakeStatus.BadRequest("the body is not a Kubernetes object");
                }

                return Store.Create(resource, resource.Namespaced ? ns : null, created, query["fieldManager"].ToString() is { Length: > 0 } m ? m : "unknown", dryRun);
            case "patch" when subresource is null:
                if (!request.ContentType?.StartsWith("application/apply-patch", StringComparison.Ordinal) ?? true)
                {
                    return FakeStatus.Error((HttpStatusCode)415, "UnsupportedMediaType", $"the fake API server only supports server-side apply (got {request.ContentType})");
                }

                if (query["fieldManager"].ToString() is not { Length: > 0 } manager)
                {
                    return FakeStatus.BadRequest("PATCH requests with apply patch type require fieldManager");
                }

                if (await ReadBodyAsync(request) is not { } config)
                {
                    return FakeStatus.BadRequest("error decoding YAML: the body is not a Kubernetes object");
                }

                return Store.Apply(resource, resource.Namespaced ? ns : null, name!, config, manager, query["force"].ToString() == "true", dryRun);
            case "patch":
                return await PatchStatusAsync(request, resource, ns, name!);
            case "update":
                if (await ReadBodyAsync(request) is not { } replacement)
                {
                    return FakeStatus.BadRequest("the body is not a Kubernetes object");
                }

                return Store.Update(resource, resource.Namespaced ? ns : null, name!, replacement, query["fieldManager"].ToString() is { Length: > 0 } um ? um : "unknown", dryRun);
            case "delete":
                var options = request.ContentLength is > 0 ? await ReadBodyAsync(request) : null;
                return Store.Delete(resource, resource.Namespaced ? ns : null, name!, dryRun, options?["preconditions"]?["uid"]?.GetValue<string>(), options?["preconditions"]?["resourceVersion"]?.GetValue<string>());
            default:
                return FakeStatus.Error(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not supported by the fake API server");
        }
    }

    private async Task<(int, JsonObject)> PatchStatusAsync(HttpRequest request, FakeResource resource, string? ns, string name)
    {
        if (Store.Find(resource, ns, name) is not { } live)
        {
            return FakeStatus.NotFound(resource, name);
        }

        if (await ReadBodyAsync(request) is not { } patch || patch["status"] is not JsonObject status)
        {
            return FakeStatus.BadRequest("a status patch needs a status object");
        }

        var updated = live.Clone();
        updated.Content["status"] = status.DeepClone();
        Store.Put(updated);
        return (200, (JsonObject)updated.Content.DeepClone());
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        try
        {
            var node = JsonNode.Parse(text);
            if (node is JsonValue value && value.TryGetValue<string>(out var inner))
            {
                node = JsonNode.Parse(inner);
            }

            return node as JsonObject;
        }
        catch (JsonException)
        {
            try
            {
                return ManifestLoader.Parse(text, "request body").SingleOrDefault()?.ContentClone();
            }
            catch (DeploymentException)
            {
                return null;
            }
        }
    }

    private static JsonObject Discovery(string group, string version, IEnumerable<FakeResource> served) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
        ["resources"] = new JsonArray([.. served.Select(r => (JsonNode)new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Kind.ToLowerInvariant(),
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
        })]),
    };
}
