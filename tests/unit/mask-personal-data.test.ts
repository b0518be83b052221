import { describe, expect, it } from 'vitest';
import { callerKey, maskName, maskText } from '../../services/collector/mask-personal-data.ts';

describe('masking personal data', () => {
  it('masks mobile and landline numbers, 身份证号, bank cards and e-mail addresses inside text', () => {
    const masked = maskText('电话13812345678或0578-3123456，身份证330722199001011234，卡号6222 0212 3456 7890 123，邮箱zhang.san@qq.com');
    expect(masked).toBe('电话138****5678或0578-*****56，身份证330***********1234，卡号6222***********0123，邮箱z***@qq.com');
  });

  it('leaves amounts, dates and ticket numbers alone', () => {
    const text = '拖欠工资35000元，2026年11月20日，工单JY2026112000123';
    expect(maskText(text)).toBe(text);
  });

  it('keeps only the family name of a caller', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王建国')).toBe('王**');
  });

  it('gives the same caller the same key whatever the number format, and another secret another key', () => {
    const a = callerKey('secret-0123456789', '138 1234 5678', undefined);
    expect(callerKey('secret-0123456789', '+86 13812345678', '张三')).toBe(a);
    expect(callerKey('another-secret-012', '13812345678', undefined)).not.toBe(a);
    expect(a).not.toContain('13812345678');
    expect(callerKey('secret-0123456789', '', '')).toBeUndefined();
  });
});
