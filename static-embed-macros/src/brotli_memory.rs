//! The brotli encoder's working memory, kept per thread and reused from one
//! file to the next.
//!
//! At quality 11 each encoder allocates its tables anew (512 KiB of hash
//! buckets even for a 1 KiB file), and the allocator hands the pages back to
//! the kernel once they are freed. A cold build of 3,000 small files spent
//! about a fifth of its CPU time faulting those pages in again, zeroed. A
//! reused buffer is filled with default values instead, in user space.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::mem::size_of;

use brotli::{Allocator, SliceWrapper, SliceWrapperMut};

/// What one thread keeps at most, in bytes: the tables of a small file's
/// encoder fit many times over, while the tables of a large file (sized by
/// its window) are freed as before.
const KEPT_BYTES: usize = 8 << 20;

/// Freed buffers of one thread, oldest first: a `Vec<T>` each, with its
/// element type and size in bytes.
struct Kept {
    buffers: Vec<(TypeId, usize, Box<dyn Any>)>,
    bytes: usize,
}

thread_local! {
    static KEPT: RefCell<Kept> = const {
        RefCell::new(Kept {
            buffers: Vec::new(),
            bytes: 0,
        })
    };
}

/// The allocator handed to the encoder; all its state is the thread's.
#[derive(Clone, Copy, Default)]
pub(crate) struct ReusingAlloc;

impl brotli::enc::BrotliAlloc for ReusingAlloc {}

/// One buffer lent to the encoder.
pub(crate) struct Lent<T>(Vec<T>);

impl<T> Default for Lent<T> {
    fn default() -> Self {
        Lent(Vec::new())
    }
}

impl<T> SliceWrapper<T> for Lent<T> {
    fn slice(&self) -> &[T] {
        &self.0
    }
}

impl<T> SliceWrapperMut<T> for Lent<T> {
    fn slice_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

impl<T: Clone + Default + 'static> Allocator<T> for ReusingAlloc {
    type AllocatedMemory = Lent<T>;

    fn alloc_cell(&mut self, len: usize) -> Lent<T> {
        if len == 0 {
            return Lent::default();
        }
        let reused = KEPT.with(|kept| kept.borrow_mut().take::<T>(len));
        let mut buffer = reused.unwrap_or_default();
        buffer.clear();
        // What a fresh buffer would hold: the encoder relies on it.
        buffer.resize(len, T::default());
        Lent(buffer)
    }

    fn free_cell(&mut self, data: Lent<T>) {
        let buffer = data.0;
        let bytes = buffer.capacity() * size_of::<T>();
        if bytes == 0 || bytes > KEPT_BYTES {
            return;
        }
        KEPT.with(|kept| kept.borrow_mut().keep(buffer, bytes));
    }
}

impl Kept {
    /// The smallest kept buffer of `T` holding at least `len` elements.
    fn take<T: 'static>(&mut self, len: usize) -> Option<Vec<T>> {
        let fits = |(kind, bytes, _): &(TypeId, usize, Box<dyn Any>)| {
            *kind == TypeId::of::<T>() && *bytes >= len * size_of::<T>()
        };
        let (index, _) = self
            .buffers
            .iter()
            .enumerate()
            .filter(|(_, entry)| fits(entry))
            .min_by_key(|(_, (_, bytes, _))| *bytes)?;
        let (_, bytes, buffer) = self.buffers.remove(index);
        self.bytes -= bytes;
        buffer.downcast::<Vec<T>>().ok().map(|buffer| *buffer)
    }

    /// Keeps `buffer`, dropping the oldest ones while over the limit.
    fn keep<T: 'static>(&mut self, buffer: Vec<T>, bytes: usize) {
        self.buffers
            .push((TypeId::of::<T>(), bytes, Box::new(buffer)));
        self.bytes += bytes;
        while self.bytes > KEPT_BYTES {
            let (_, dropped, _) = self.buffers.remove(0);
            self.bytes -= dropped;
        }
    }
}

/// Frees what the calling thread keeps.
pub(crate) fn release() {
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        kept.buffers.clear();
        kept.bytes = 0;
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reused_buffer_comes_back_filled_with_defaults() {
        let mut alloc = ReusingAlloc;
        let mut first: Lent<u32> = alloc.alloc_cell(1000);
        first.slice_mut().fill(7);
        let address = first.slice().as_ptr();
        alloc.free_cell(first);
        let second: Lent<u32> = alloc.alloc_cell(600);
        assert_eq!(
            second.slice().as_ptr(),
            address,
            "the freed buffer was not reused"
        );
        assert_eq!(second.slice(), &[0; 600][..]);
        // Another element type never gets it.
        let other: Lent<u64> = alloc.alloc_cell(10);
        assert_eq!(other.slice(), &[0; 10][..]);
        release();
    }

    #[test]
    fn compressing_with_reused_memory_makes_the_same_bytes() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("line {} of {}\n", i % 97, i % 13).into_bytes())
            .collect();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 18,
            ..Default::default()
        };
        let mut fresh = Vec::new();
        brotli::BrotliCompress(&mut &text[..], &mut fresh, &params).unwrap();
        for _ in 0..3 {
            let mut reused = Vec::new();
            let (mut input, mut output) = ([0; 4096], [0; 4096]);
            brotli::BrotliCompressCustomAlloc(
                &mut &text[..],
                &mut reused,
                &mut input,
                &mut output,
                &params,
                ReusingAlloc,
            )
            .unwrap();
            assert_eq!(reused, fresh);
        }
        release();
    }
}
