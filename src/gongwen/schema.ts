import { z } from 'zod';

/** The four formats of GB/T 9704-2012: 通用 (§7), 信函 (§10.1), 命令 (§10.2), 纪要 (§10.3). */
export const GONGWEN_KINDS = ['standard', 'letter', 'order', 'minutes'] as const;
export type GongwenKind = (typeof GONGWEN_KINDS)[number];

const text = z.string().trim().min(1);
/** One name or a list of names: `issuer: 国务院办公厅` or `issuer: [A, B]`. */
const names = z.union([text.transform((one) => [one]), z.array(text).min(1)]);

/**
 * `gongwen:` in the front matter: the elements of an official document
 * outside its body (GB/T 9704-2012 §7). Every field is optional; what is
 * given is placed where the standard says.
 */
export const GongwenSchema = z
  .object({
    kind: z.enum(GONGWEN_KINDS, { message: `kind must be one of: ${GONGWEN_KINDS.join(', ')}` }).default('standard'),
    /** 份号: six digits (§7.2.1); quote it in YAML so the leading zeros stay. */
    copy: z
      .string({ message: 'copy (份号) must be six digits in quotes, e.g. "000001"' })
      .regex(/^\d{6}$/, { message: 'copy (份号) must be six digits in quotes, e.g. "000001"' })
      .optional(),
    /** 密级和保密期限, e.g. 秘密★1年 (§7.2.2). */
    secrecy: text.optional(),
    /** 紧急程度: 特急 or 加急 (§7.2.3). */
    urgency: text.optional(),
    /** 发文机关: one, or several for 联合行文 (the 主办机关 first). */
    issuer: names.optional(),
    /** The 发文机关标志 as printed, when it is not issuer + 文件 (纪要: XXX纪要; 命令: XXX令). */
    mark: text.optional(),
    /** 发文字号, e.g. 国办发〔2022〕35号 (§7.2.5); 令号 for an order. */
    number: text.optional(),
    /** 签发人 of a 上行文 (§7.2.6). */
    signers: names.optional(),
    /** 主送机关 (§7.3.2). */
    to: text.optional(),
    /** 附件 names, in order (§7.3.4). */
    attachments: z.array(text).min(1).optional(),
    /** 发文机关署名 (§7.3.5); default: the document's author. */
    signature: text.optional(),
    /** 印章 image inside the document folder (§7.3.5.1). */
    seal: text.optional(),
    /** 附注, set in parentheses (§7.3.6). */
    note: text.optional(),
    /** 抄送机关 (§7.4.2). */
    cc: names.optional(),
    /** 印发机关 (§7.4.3). */
    issuedBy: text.optional(),
    /** 印发日期, ISO (§7.4.3). */
    issuedOn: z.iso.date({ message: 'issuedOn must be an ISO date, e.g. 2022-09-29' }).optional(),
  })
  .strict();

export type Gongwen = z.infer<typeof GongwenSchema>;
