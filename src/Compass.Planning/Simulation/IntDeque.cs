namespace Compass.Planning.Simulation;

/// <summary>A growable ring buffer of request indices with push/pop at both ends (the wait queue, the incoming queue).</summary>
internal sealed class IntDeque
{
    private int[] _items;
    private int _head;

    public IntDeque(int capacity) => _items = new int[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public int Front => Count > 0 ? _items[_head] : throw new InvalidOperationException("The queue is empty.");

    public void PushBack(int value)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        var tail = _head + Count;
        _items[tail >= _items.Length ? tail - _items.Length : tail] = value;
        Count++;
    }

    public void PushFront(int value)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = value;
        Count++;
    }

    public int PopFront()
    {
        var value = Front;
        _head = _head + 1 == _items.Length ? 0 : _head + 1;
        Count--;
        return value;
    }

    /// <summary>Removes the first occurrence of a value, keeping the order of the rest.</summary>
    /// <returns>Whether the value was there.</returns>
    public bool Remove(int value)
    {
        for (var i = 0; i < Count; i++)
        {
            var j = _head + i;
            if (j >= _items.Length)
            {
                j -= _items.Length;
            }

            if (_items[j] != value)
            {
                continue;
            }

            for (var k = i; k < Count - 1; k++)
            {
                var to = _head + k;
                var next = to + 1;
                _items[to >= _items.Length ? to - _items.Length : to] = _items[next >= _items.Length ? next - _items.Length : next];
            }

            Count--;
            return true;
        }

        return false;
    }

    private void Grow()
    {
        var bigger = new int[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            var j = _head + i;
            bigger[i] = _items[j >= _items.Length ? j - _items.Length : j];
        }

        _items = bigger;
        _head = 0;
    }
}
