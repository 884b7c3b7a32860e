using System.Runtime.CompilerServices;

namespace HyperFlow.Storage.Serialization;

/// <summary>Picks the serializer for a state type: raw bytes when it has no references, UTF-8 for strings, MessagePack otherwise.</summary>
public static class StateSerializers
{
    /// <summary>The default serializer for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>A shared serializer.</returns>
    public static IStateSerializer<T> For<T>()
    {
        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            return BlittableSerializer<T>.Instance;
        }

        if (typeof(T) == typeof(string))
        {
            return (IStateSerializer<T>)(object)Utf8StringSerializer.Instance;
        }

        return MessagePackStateSerializer<T>.Instance;
    }
}
