namespace HyperFlow.Storage.Faster;

/// <summary>What a FASTER read or read-modify-write of a <see cref="FasterBytesTable{TFold}"/> does; the first field of its input.</summary>
internal enum FasterBytesCommand
{
    /// <summary>Read: copy out the value's header and used payload.</summary>
    ReadValue,

    /// <summary>Read: copy out the value's header only (expiry and element count).</summary>
    ReadHeader,

    /// <summary>Read: copy out the header and the bytes of one map entry's value (the operand is the entry's key).</summary>
    ReadMapValue,

    /// <summary>Write: replace the payload with the operand (element count in the input).</summary>
    Set,

    /// <summary>Write: remove the key (expire its record).</summary>
    Delete,

    /// <summary>Write: set the expiry of a live value, leaving the payload.</summary>
    Touch,

    /// <summary>Write: fold the operand into the payload with the table's fold.</summary>
    Fold,

    /// <summary>Write: append the operand's elements to a list payload.</summary>
    Append,

    /// <summary>Write: put the operand's entry (key then value, each length-prefixed) into a map payload.</summary>
    MapPut,

    /// <summary>Write: remove the entry with the operand's key from a map payload (and the record when it empties).</summary>
    MapRemove,
}
