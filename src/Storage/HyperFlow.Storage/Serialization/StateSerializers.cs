using System.Runtime.CompilerServices;

namespace HyperFlow.Storage.Serialization;

/// <summary>
/// Picks the serializer for a state type: the one registered for it (<see cref="Register{T}"/>), else
/// raw bytes when it has no references, UTF-8 for strings, MessagePack otherwise (not under native AOT).
/// </summary>
public static class StateSerializers
{
    /// <summary>The default serializer for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>A shared serializer.</returns>
    public static IStateSerializer<T> For<T>()
    {
        if (Registered<T>.Serializer is { } registered)
        {
            return registered;
        }

        if (!RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            return BlittableSerializer<T>.Instance;
        }

        if (typeof(T) == typeof(string))
        {
            return (IStateSerializer<T>)(object)Utf8StringSerializer.Instance;
        }

        // MessagePack's standard resolver generates code at run time. Native AOT has no JIT, so there
        // the check is a constant and MessagePack is not even compiled into the app.
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new NotSupportedException(
                $"{typeof(T)} holds object references, which HyperFlow serializes with MessagePack; MessagePack's standard resolver needs the JIT, and this app runs as native AOT. Under native AOT use state and key types without references (unmanaged structs) or strings.");
        }

        return MessagePackStateSerializer<T>.Instance;
    }

    /// <summary>
    /// Sets the serializer of <typeparamref name="T"/> for every store and snapshot in the process, for
    /// example for a composite key that holds a string. Register before the first store of that type is
    /// created; the bytes it writes are part of the snapshot format, so keep them stable across versions.
    /// </summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <param name="serializer">Its serializer.</param>
    public static void Register<T>(IStateSerializer<T> serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        Volatile.Write(ref Registered<T>.Serializer, serializer);
    }

    private static class Registered<T>
    {
        internal static IStateSerializer<T>? Serializer;
    }
}
