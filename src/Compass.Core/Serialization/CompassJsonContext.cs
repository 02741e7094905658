using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compass.Core.Serialization;

/// <summary>
/// Compile-time JSON metadata for what Compass writes on its hot paths: the plan and the catalog lists.
/// <see cref="CompassJson.Writing"/> resolves these types here first, so writing a plan builds no serializer by
/// reflection at run time; other types still fall back to reflection. Writing only: see the remarks of
/// <see cref="CompassJson.Writing"/> for why reading stays with reflection.
/// </summary>
/// <remarks>
/// The naming policy, enum handling, null handling and strictness all come from <see cref="CompassJson.Writing"/>,
/// not from this attribute: the context is only a source of metadata, so its output is the same as reflection's.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ImmutableArray<ModelSpec>))]
[JsonSerializable(typeof(ImmutableArray<GpuSpec>))]
[JsonSerializable(typeof(ImmutableArray<UseCaseTemplate>))]
[JsonSerializable(typeof(Plan))]
internal sealed partial class CompassJsonContext : JsonSerializerContext;
