using Microsoft.Extensions.Options;

namespace Compass.Api;

/// <summary>Checks the host's settings at start-up, with messages that say what to change.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>();
        foreach (var origin in options.Cors.Origins)
        {
            if (origin.Trim() == "*")
            {
                errors.Add("Compass:Cors:Origins must list the allowed origins (e.g. https://compass.example.com); '*' is not accepted.");
            }
            else if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"Compass:Cors:Origins: '{origin}' is not an http(s) origin such as https://compass.example.com.");
            }
        }

        if (options.MaxRequestBodyBytes is < 1024 or > 64L * 1024 * 1024)
        {
            errors.Add($"Compass:MaxRequestBodyBytes must be between 1024 and 67108864 (got {options.MaxRequestBodyBytes}).");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiKey) && options.ApiKey.Trim().Length < 16)
        {
            errors.Add("Compass:ApiKey must be at least 16 characters (or leave it unset or empty to turn the key off).");
        }

        if (options.Kubernetes.InCluster && (options.Kubernetes.Kubeconfig is not null || options.Kubernetes.Context is not null))
        {
            errors.Add("Compass:Kubernetes:InCluster uses the pod's service account; leave out Kubeconfig and Context.");
        }

        if (options.Conversations.MaxConversations < 1 || options.Conversations.IdleMinutes < 1)
        {
            errors.Add("Compass:Conversations:MaxConversations and IdleMinutes must be at least 1.");
        }

        if (options.Limits.MaxSimulatedRequests < 1 || options.Limits.MaxLoadTestSeconds < 1)
        {
            errors.Add("Compass:Limits:MaxSimulatedRequests and MaxLoadTestSeconds must be at least 1.");
        }

        foreach (var host in options.Limits.LoadTestHosts)
        {
            var entry = host.Trim();
            if (entry.Length == 0 || entry == "*" || entry.Contains('/', StringComparison.Ordinal) || entry.IndexOf('*', 1) >= 0)
            {
                errors.Add($"Compass:Limits:LoadTestHosts: '{host}' must be a host name, an address, or a '*.suffix' pattern such as *.svc.cluster.local ('*' alone and URLs are not accepted).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
