using System.Runtime.InteropServices;

namespace HyperFlow.Storage.State;

/// <summary>A stored state value and, for states with a time to live, when it expires.</summary>
/// <typeparam name="T">The value type.</typeparam>
[StructLayout(LayoutKind.Sequential)]
internal struct StateCell<T>
{
    public T Value;

    // Unix milliseconds of processing time; long.MaxValue for states without a time to live.
    public long ExpiresAt;
}
