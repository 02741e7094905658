using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Compass.Core.Serialization;

/// <summary>The JSON conventions of Compass: camelCase properties, kebab-case enum values, no nulls written.</summary>
public static class CompassJson
{
    /// <summary>Gets the options used for plans, knowledge-base resources and API payloads (indented output).</summary>
    public static JsonSerializerOptions Options { get; } = Create(writeIndented: true);

    /// <summary>Gets the same options with compact output.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(writeIndented: false);

    /// <summary>
    /// Gets <see cref="Options"/> for <b>writing</b> plans and catalog lists: the same conventions and output, but the
    /// metadata of Compass's own types is generated at compile time, so the first plan a process writes does not build
    /// serializers by reflection (a large part of a short-lived process's start-up).
    /// </summary>
    /// <remarks>
    /// Do not read with these options: source-generated metadata gives an init-only property that the JSON leaves out
    /// its type's default instead of the property's initializer (dotnet/runtime#84484), so documents that omit such
    /// properties would read differently. <see cref="Options"/> reads them as documented.
    /// </remarks>
    public static JsonSerializerOptions Writing { get; } = Create(writeIndented: true, CompassJsonContext.Default);

    private static JsonSerializerOptions Create(bool writeIndented, IJsonTypeInfoResolver? generated = null)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = writeIndented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            NumberHandling = JsonNumberHandling.Strict,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,

            TypeInfoResolver = generated is null ? new DefaultJsonTypeInfoResolver() : JsonTypeInfoResolver.Combine(generated, new DefaultJsonTypeInfoResolver()),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.MakeReadOnly();
        return options;
    }
}
