/** The payment providers and the interface they share. */
export { type AlipayConfig, AlipayProvider } from './alipay.js';
export * from './provider.js';
export { type StripeConfig, StripeProvider } from './stripe.js';
export { type WechatPayConfig, WechatPayProvider } from './wechatpay.js';
