//! The stand-in impl emitted next to a compile error, so that call sites such
//! as `Assets::get(..)` do not fail with a second wave of errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn stub(input: &DeriveInput, krate: &syn::Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::StaticAssets for #ident #ty_generics #where_clause {
            fn __source() -> #krate::__private::Source {
                #krate::__private::Source::Embedded(&#krate::__private::Table::EMPTY)
            }
        }
    }
}
