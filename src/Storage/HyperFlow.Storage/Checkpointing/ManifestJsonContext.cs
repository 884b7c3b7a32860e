using System.Text.Json;
using System.Text.Json.Serialization;
using HyperFlow.Storage.Faster;
using HyperFlow.Storage.State;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// The manifest's JSON contract, source-generated (no reflection: AOT and trimming safe). Property
/// names are camelCase, enums are camelCase strings, position bytes are base64, absent optional
/// members are left out; a required member that is missing or null makes the manifest invalid.
/// </summary>
[JsonSerializable(typeof(CheckpointManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext
{
    /// <summary>The context with the manifest's options.</summary>
    public static ManifestJsonContext Manifest { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters =
        {
            new JsonStringEnumConverter<CheckpointKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new JsonStringEnumConverter<FasterCheckpointKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
            new JsonStringEnumConverter<StateKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false),
        },
    });
}
