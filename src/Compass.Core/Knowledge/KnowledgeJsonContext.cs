using System.Text.Json;
using System.Text.Json.Serialization;

namespace Compass.Core.Knowledge;

/// <summary>
/// Compile-time JSON metadata for the knowledge-base documents, used to read the <b>embedded</b> documents only, so that
/// a short-lived process does not build their serializers by reflection at run time.
/// </summary>
/// <remarks>
/// Generated metadata gives an init-only property that a document leaves out its type's default instead of the
/// property's initializer (dotnet/runtime#84484). The domain types' lists, dictionaries and strings read a left-out
/// value as their initializer in the getter; numbers and flags cannot (a left-out 0 and a stated 0 look the same), so
/// the embedded documents state each of them, and <c>EmbeddedDocumentReadingTests</c> proves every embedded document
/// reads the same both ways. Documents a user supplies are read with reflection (<see cref="KnowledgeBaseReader"/>'s
/// public methods), which keeps every initializer.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(ModelsDocument))]
[JsonSerializable(typeof(GpusDocument))]
[JsonSerializable(typeof(UseCasesDocument))]
[JsonSerializable(typeof(QualityDocument))]
[JsonSerializable(typeof(CalibrationDocument))]
internal sealed partial class KnowledgeJsonContext : JsonSerializerContext;
