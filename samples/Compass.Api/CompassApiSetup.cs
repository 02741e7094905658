using System.Text.Json.Serialization;
using Compass.Api.Conversations;
using Compass.Api.Deployments;
using Compass.Api.Endpoints;
using Compass.Api.Infrastructure;
using Compass.Api.Requests;
using Compass.Core.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpLogging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Compass.Api;

/// <summary>Registers the API's services and maps its middleware and endpoints; Program.cs calls these two.</summary>
internal static class CompassApiSetup
{
    public const string CorsPolicy = "compass";

    public static WebApplicationBuilder AddCompassApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        var settings = configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();

        // The knowledge base: PostgreSQL when configured (Compass:KnowledgeBase or COMPASS_KB), else the embedded one.
        services.AddCompassPlanning();
        var knowledgeBase = settings.KnowledgeBase ?? Environment.GetEnvironmentVariable("COMPASS_KB");
        if (!string.IsNullOrWhiteSpace(knowledgeBase))
        {
            services.AddCompassPostgres(knowledgeBase);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<PlanRunner>();
        services.AddSingleton<ManifestRunner>();
        services.AddSingleton<ClusterConnector>();
        services.AddSingleton<Auditor>();

        services.ConfigureHttpJsonOptions(o => CopyCompassJson(o));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHealthChecks().AddCheck<KnowledgeBaseReadyCheck>("knowledge-base", tags: [HealthEndpoints.ReadyTag]);
        services.AddOpenApi();
        services.AddHttpLogging(o =>
        {
            o.CombineLogs = true;
            o.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
        });
        services.AddCors(o => o.AddPolicy(CorsPolicy, policy =>
        {
            var origins = settings.Cors.Origins.Where(x => x.Trim() != "*").Select(x => x.TrimEnd('/')).ToArray();
            policy.WithOrigins(origins).WithMethods("GET", "POST", "DELETE").WithHeaders("Content-Type", "Accept", ApiKeyMiddleware.Header);
        }));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        return builder;
    }

    public static WebApplication UseCompassApi(this WebApplication app)
    {
        app.UseHttpLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors(CorsPolicy);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapOpenApi();
        app.MapScalarApiReference("/reference", o => o.WithTitle("Compass API"));
        HealthEndpoints.Map(app);
        CatalogEndpoints.Map(app);
        ExtractEndpoints.Map(app);
        PlanEndpoints.Map(app);
        CompareEndpoints.Map(app);
        ConversationEndpoints.Map(app);
        ManifestEndpoints.Map(app);
        DeploymentEndpoints.Map(app);
        EstimateEndpoints.Map(app);
        SimulateEndpoints.Map(app);
        LoadEndpoints.Map(app);
        KnowledgeBaseEndpoints.Map(app);

        return app;
    }

    private static void CopyCompassJson(JsonOptions options)
    {
        var target = options.SerializerOptions;
        var source = CompassJson.Options;
        target.PropertyNamingPolicy = source.PropertyNamingPolicy;
        target.PropertyNameCaseInsensitive = source.PropertyNameCaseInsensitive;
        target.DefaultIgnoreCondition = source.DefaultIgnoreCondition;
        target.ReadCommentHandling = source.ReadCommentHandling;
        target.AllowTrailingCommas = source.AllowTrailingCommas;
        target.NumberHandling = source.NumberHandling;
        target.UnmappedMemberHandling = source.UnmappedMemberHandling;
        target.Encoder = source.Encoder;
        target.RespectNullableAnnotations = source.RespectNullableAnnotations;
        target.RespectRequiredConstructorParameters = source.RespectRequiredConstructorParameters;
        foreach (var converter in source.Converters.OfType<JsonStringEnumConverter>())
        {
            target.Converters.Add(converter);
        }
    }
}
