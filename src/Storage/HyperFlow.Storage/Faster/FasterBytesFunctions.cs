using FASTER.core;
using HyperFlow.Storage.Serialization;
using static HyperFlow.Storage.Faster.FasterBytesLayout;

namespace HyperFlow.Storage.Faster;

/// <summary>
/// The FASTER callbacks of a <see cref="FasterBytesTable{TFold}"/>: reads copy the asked-for bytes
/// out, read-modify-writes carry out a <see cref="FasterBytesCommand"/> on the stored bytes (see
/// <see cref="FasterBytesLayout"/>), in place when the record is mutable and the result fits its
/// capacity, else into a new record sized by <see cref="InitialLength"/> or <see cref="UpdatedLength"/>.
/// </summary>
/// <remarks>
/// A fold's result is computed in the length callback (FASTER asks for the new record's length
/// right before it calls the updater that fills it) and copied by that updater. A callback that
/// cannot complete its operation (the fold threw, or the value would outgrow a page) records why in
/// the session state and cancels the operation, which FASTER reports as canceled; nothing throws
/// inside FASTER.
/// </remarks>
/// <typeparam name="TFold">How operands are folded into values.</typeparam>
internal readonly struct FasterBytesFunctions<TFold> : IFunctions<SpanByte, SpanByte, SpanByte, Empty, Empty>
    where TFold : struct, IFasterBytesFold
{
    private readonly FasterBytesSessionState _state;
    private readonly TFold _fold;

    public FasterBytesFunctions(FasterBytesSessionState state, TFold fold)
    {
        _state = state;
        _fold = fold;
    }

    public bool SingleReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty dst, ref ReadInfo readInfo)
    {
        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        ReadOnlySpan<byte> stored = value.AsReadOnlySpan();
        switch (Command(command))
        {
            case FasterBytesCommand.ReadHeader:
                _state.SetRead(stored, default);
                break;
            case FasterBytesCommand.ReadMapValue:
                ReadOnlySpan<byte> entries = Payload(stored);
                _state.ReadMatched = FindEntry(entries, Operand(command), out _, out _, out int valueStart, out int valueLength);
                _state.SetRead(stored, _state.ReadMatched ? entries.Slice(valueStart, valueLength) : default);
                break;
            default:
                _state.SetRead(stored, Payload(stored));
                break;
        }

        return true;
    }

    public bool ConcurrentReader(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty dst, ref ReadInfo readInfo) =>
        SingleReader(ref key, ref input, ref value, ref dst, ref readInfo);

    public void ReadCompletionCallback(ref SpanByte key, ref SpanByte input, ref Empty output, Empty ctx, Status status, RecordMetadata recordMetadata)
    {
        _state.Outstanding--;
        _state.Faulted += status.IsFaulted ? 1 : 0;
        _state.ReadFound = status.Found;
    }

    /// <summary>The length of the value a command creates for a key that has none (FASTER's <c>GetInitialLength</c>).</summary>
    public int InitialLength(ref SpanByte input)
    {
        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        _state.Cancel = false;
        FasterBytesCommand kind = Command(command);
        int needed = kind == FasterBytesCommand.Fold ? Fold(default, live: false, command) : Operand(command).Length;
        int capacity = kind is FasterBytesCommand.Append or FasterBytesCommand.MapPut ? Grow(needed, 0, MaxPayload(command)) : needed;
        return Length(needed, capacity, command);
    }

    /// <summary>The length of the value a command writes over an existing one (FASTER's <c>GetLength</c>).</summary>
    public int UpdatedLength(ref SpanByte value, ref SpanByte input)
    {
        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        ReadOnlySpan<byte> stored = value.AsReadOnlySpan();
        _state.Cancel = false;
        bool live = IsLive(stored, command);
        int capacity = Capacity(stored);
        int needed;
        switch (Command(command))
        {
            case FasterBytesCommand.Delete:
                return LengthPrefix + ValueHeader;
            case FasterBytesCommand.Touch:
                return LengthPrefix + stored.Length;
            case FasterBytesCommand.Set:
                needed = capacity = Operand(command).Length;
                break;
            case FasterBytesCommand.Fold:
                needed = capacity = Fold(live ? Payload(stored) : default, live, command);
                break;
            case FasterBytesCommand.Append:
                needed = (live ? Used(stored) : 0) + Operand(command).Length;
                capacity = Grow(needed, capacity, MaxPayload(command));
                break;
            case FasterBytesCommand.MapPut:
                needed = PutSize(stored, live, Operand(command));
                capacity = Grow(needed, capacity, MaxPayload(command));
                break;
            default:
                // A removal that empties the map appends a tombstone; otherwise the rest of the map.
                FindEntry(Payload(stored), Operand(command), out _, out int length, out _, out _);
                needed = capacity = Count(stored) == 1 ? 0 : Used(stored) - length;
                break;
        }

        return Length(needed, capacity, command);
    }

    public bool NeedInitialUpdate(ref SpanByte key, ref SpanByte input, ref Empty output, ref RMWInfo rmwInfo)
    {
        FasterBytesCommand kind = Command(input.AsReadOnlySpan());
        if (kind == FasterBytesCommand.MapRemove)
        {
            _state.MapRemoved = false;
        }

        return kind is FasterBytesCommand.Set or FasterBytesCommand.Fold or FasterBytesCommand.Append or FasterBytesCommand.MapPut;
    }

    public bool InitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty output, ref RMWInfo rmwInfo)
    {
        if (TakeCancel(ref rmwInfo))
        {
            return false;
        }

        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        Span<byte> stored = value.AsSpan();
        long expiresAt = InputExpiresAt(command);
        switch (Command(command))
        {
            case FasterBytesCommand.Fold:
                Write(stored, expiresAt, _state.Folded.WrittenSpan, 0);
                break;
            case FasterBytesCommand.MapPut:
                Write(stored, expiresAt, Operand(command), 1);
                break;
            default:
                Write(stored, expiresAt, Operand(command), InputCount(command));
                break;
        }

        return true;
    }

    public void PostInitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty output, ref RMWInfo rmwInfo) => _state.Entries++;

    public bool NeedCopyUpdate(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref Empty output, ref RMWInfo rmwInfo)
    {
        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        ReadOnlySpan<byte> stored = oldValue.AsReadOnlySpan();
        switch (Command(command))
        {
            case FasterBytesCommand.Touch:
                return IsLive(stored, command);
            case FasterBytesCommand.MapRemove:
                _state.MapRemoved = IsLive(stored, command) && FindEntry(Payload(stored), Operand(command), out _, out _, out _, out _);
                return _state.MapRemoved;
            default:
                return true;
        }
    }

    public bool CopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref Empty output, ref RMWInfo rmwInfo)
    {
        if (TakeCancel(ref rmwInfo))
        {
            return false;
        }

        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        ReadOnlySpan<byte> old = oldValue.AsReadOnlySpan();
        Span<byte> stored = newValue.AsSpan();
        bool live = IsLive(old, command);
        long expiresAt = InputExpiresAt(command);
        switch (Command(command))
        {
            case FasterBytesCommand.Set:
                Write(stored, expiresAt, Operand(command), InputCount(command));
                return true;
            case FasterBytesCommand.Delete:
                // The key's record is read-only or on disk: FASTER appends a tombstone in its place.
                rmwInfo.Action = RMWAction.ExpireAndStop;
                return false;
            case FasterBytesCommand.Touch:
                old.CopyTo(stored);
                SetExpiresAt(stored, expiresAt);
                return true;
            case FasterBytesCommand.Fold:
                Write(stored, expiresAt, _state.Folded.WrittenSpan, 0);
                return true;
            case FasterBytesCommand.MapRemove when Count(old) == 1:
                _state.Entries--;
                rmwInfo.Action = RMWAction.ExpireAndStop;
                return false;
            default:
                // Append, put and remove edit a copy of the live value in place.
                if (live)
                {
                    old[..(ValueHeader + Used(old))].CopyTo(stored);
                }
                else
                {
                    WriteValueHeader(stored, expiresAt, 0, 0);
                }

                return EditInPlace(stored, command, expiresAt);
        }
    }

    public void PostCopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref Empty output, ref RMWInfo rmwInfo)
    {
    }

    public bool InPlaceUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty output, ref RMWInfo rmwInfo)
    {
        ReadOnlySpan<byte> command = input.AsReadOnlySpan();
        Span<byte> stored = value.AsSpan();
        bool live = IsLive(stored, command);
        int capacity = Capacity(stored);
        long expiresAt = InputExpiresAt(command);
        switch (Command(command))
        {
            case FasterBytesCommand.Set:
                if (Operand(command).Length > capacity)
                {
                    return false;
                }

                Write(stored, expiresAt, Operand(command), InputCount(command));
                return true;
            case FasterBytesCommand.Delete:
                // Not expired in place: FASTER 2.6.5 does not mark a record expired in place as dirty, so an
                // incremental snapshot would miss the delete. Declining sends it to CopyUpdater's tombstone.
                return false;
            case FasterBytesCommand.Touch:
                if (live)
                {
                    SetExpiresAt(stored, expiresAt);
                }

                return true;
            case FasterBytesCommand.Fold:
                int folded = Fold(live ? Payload(stored) : default, live, command);
                if (TakeCancel(ref rmwInfo) || folded > capacity)
                {
                    return false;
                }

                Write(stored, expiresAt, _state.Folded.WrittenSpan, 0);
                return true;
            case FasterBytesCommand.Append:
                if ((live ? Used(stored) : 0) + Operand(command).Length > capacity)
                {
                    return false;
                }

                break;
            case FasterBytesCommand.MapPut:
                if (PutSize(stored, live, Operand(command)) > capacity)
                {
                    return false;
                }

                break;
            default:
                _state.MapRemoved = live && FindEntry(Payload(stored), Operand(command), out _, out _, out _, out _);
                if (!_state.MapRemoved)
                {
                    return true;
                }

                // The last entry: the record goes, as a tombstone CopyUpdater appends.
                if (Count(stored) == 1)
                {
                    return false;
                }

                break;
        }

        if (!live)
        {
            WriteValueHeader(stored, expiresAt, 0, 0);
        }

        return EditInPlace(stored, command, expiresAt);
    }

    public void RMWCompletionCallback(ref SpanByte key, ref SpanByte input, ref Empty output, Empty ctx, Status status, RecordMetadata recordMetadata)
    {
        _state.Outstanding--;
        _state.Faulted += status.IsFaulted ? 1 : 0;
        if (Command(input.AsReadOnlySpan()) == FasterBytesCommand.Delete)
        {
            _state.DeleteFound = status.Found;
            if (status.Found)
            {
                _state.Entries--;
            }
        }
    }

    // Writes never use FASTER's Upsert and Delete (they are read-modify-writes), and the table's scan
    // reads the log itself; these only serve FASTER's own copies of records (compaction), which move values as they are.
    public bool SingleWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref Empty output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
        src.AsReadOnlySpan().CopyTo(dst.AsSpan());
        return true;
    }

    public void PostSingleWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref Empty output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
    }

    public bool ConcurrentWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref Empty output, ref UpsertInfo upsertInfo)
    {
        // The value's header says how much of it is used, so a copy into a larger record stays valid.
        if (dst.Length < src.Length)
        {
            return false;
        }

        src.AsReadOnlySpan().CopyTo(dst.AsSpan());
        return true;
    }

    public bool SingleDeleter(ref SpanByte key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    public void PostSingleDeleter(ref SpanByte key, ref DeleteInfo deleteInfo)
    {
    }

    public bool ConcurrentDeleter(ref SpanByte key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    // Records live in FASTER's pages and own no resources: nothing to dispose when FASTER abandons one.
    public void DisposeSingleWriter(ref SpanByte key, ref SpanByte input, ref SpanByte src, ref SpanByte dst, ref Empty output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
    }

    public void DisposeCopyUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte oldValue, ref SpanByte newValue, ref Empty output, ref RMWInfo rmwInfo)
    {
    }

    public void DisposeInitialUpdater(ref SpanByte key, ref SpanByte input, ref SpanByte value, ref Empty output, ref RMWInfo rmwInfo)
    {
    }

    public void DisposeSingleDeleter(ref SpanByte key, ref SpanByte value, ref DeleteInfo deleteInfo)
    {
    }

    public void DisposeDeserializedFromDisk(ref SpanByte key, ref SpanByte value)
    {
    }

    public void CheckpointCompletionCallback(int sessionID, string sessionName, CommitPoint commitPoint)
    {
    }

    private static bool IsLive(ReadOnlySpan<byte> stored, ReadOnlySpan<byte> command) => ExpiresAt(stored) > Now(command);

    private static void Write(Span<byte> stored, long expiresAt, ReadOnlySpan<byte> payload, int count)
    {
        WriteValueHeader(stored, expiresAt, payload.Length, count);
        payload.CopyTo(stored[ValueHeader..]);
    }

    // Room to grow, so that the next appends and puts update the record in place: half again the
    // payload, capped at what a record of the key can hold.
    private static int Grow(int needed, int capacity, int max) =>
        needed <= capacity ? capacity : Math.Max(needed, Math.Min(max, needed + Math.Max(needed / 2, 32)));

    // The used payload of a map after putting an entry (a length-prefixed key, then value).
    private static int PutSize(ReadOnlySpan<byte> stored, bool live, ReadOnlySpan<byte> entry)
    {
        if (!live)
        {
            return entry.Length;
        }

        ReadOnlySpan<byte> entries = Payload(stored);
        return entries.Length + entry.Length - (FindEntry(entries, EntryKey(entry), out _, out int length, out _, out _) ? length : 0);
    }

    private static ReadOnlySpan<byte> EntryKey(ReadOnlySpan<byte> entry)
    {
        int position = 0;
        int length = (int)CollectionEncoding.ReadVarInt(entry, ref position);
        return entry.Slice(position, length);
    }

    // Appends list elements, puts a map entry or removes one, in a value whose capacity was checked.
    private static bool EditInPlace(Span<byte> stored, ReadOnlySpan<byte> command, long expiresAt)
    {
        int used = Used(stored);
        int count = Count(stored);
        Span<byte> payload = stored[ValueHeader..];
        ReadOnlySpan<byte> operand = Operand(command);
        switch (Command(command))
        {
            case FasterBytesCommand.Append:
                operand.CopyTo(payload[used..]);
                WriteValueHeader(stored, expiresAt, used + operand.Length, count + InputCount(command));
                return true;
            case FasterBytesCommand.MapPut:
                if (FindEntry(payload[..used], EntryKey(operand), out int start, out int length, out _, out _))
                {
                    // Overlapping copies move like memmove.
                    payload[(start + length)..used].CopyTo(payload[start..]);
                    used -= length;
                    count--;
                }

                operand.CopyTo(payload[used..]);
                WriteValueHeader(stored, expiresAt, used + operand.Length, count + 1);
                return true;
            default:
                FindEntry(payload[..used], operand, out int removedStart, out int removedLength, out _, out _);
                payload[(removedStart + removedLength)..used].CopyTo(payload[removedStart..]);
                WriteValueHeader(stored, ExpiresAt(stored), used - removedLength, count - 1);
                return true;
        }
    }

    private int Fold(ReadOnlySpan<byte> current, bool live, ReadOnlySpan<byte> command)
    {
        FasterBytesSessionState state = _state;
        state.Folded.ResetWrittenCount();
        try
        {
            ReadOnlyMemory<byte> operand = FasterBytesSessionState.CopyTo(ref state.Operand, Operand(command));
            if (live)
            {
                _fold.Update(FasterBytesSessionState.CopyTo(ref state.Current, current), operand, state.Folded);
            }
            else
            {
                _fold.Initial(operand, state.Folded);
            }
        }
        catch (Exception ex)
        {
            // Thrown inside FASTER it would leave the operation half done: cancel it, the table rethrows.
            state.Failure ??= ex;
            state.Cancel = true;
            return 0;
        }

        return state.Folded.WrittenCount;
    }

    private int Length(int needed, int capacity, ReadOnlySpan<byte> command)
    {
        int max = MaxPayload(command);
        if (needed > max && !_state.Cancel)
        {
            _state.Failure ??= new InvalidOperationException(
                $"the value of this key would take {needed:N0} bytes, more than the {max:N0} bytes a FASTER record of this key holds (a record must fit in one page). "
                + "Raise FasterStoreOptions.PageSizeBytes, or keep less state per key.");
            _state.Cancel = true;
        }

        return LengthPrefix + ValueHeader + (_state.Cancel ? 0 : capacity);
    }

    private bool TakeCancel(ref RMWInfo rmwInfo)
    {
        if (!_state.Cancel)
        {
            return false;
        }

        _state.Cancel = false;
        rmwInfo.Action = RMWAction.CancelOperation;
        return true;
    }
}
